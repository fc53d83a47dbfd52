import {
  BANK_SOURCE_KIND_LABELS,
  ITEM_TYPES,
  ITEM_TYPE_LABELS,
  LEVELS,
  type BankSubjectSummary,
  type BankSummary,
  type ItemType,
  type Level,
} from '@exam/contracts';
import type { LoadedBank } from './model.js';

const zeroLevels = (): Record<Level, number> =>
  Object.fromEntries(LEVELS.map((l) => [l, 0])) as Record<Level, number>;
const zeroTypes = (): Record<ItemType, number> =>
  Object.fromEntries(ITEM_TYPES.map((t) => [t, 0])) as Record<ItemType, number>;

/** Valid items counted per subject × type × level (an item counts once for each level it is marked for). */
export function summarize(bank: LoadedBank): BankSummary {
  const subjects = new Map<string | null, BankSubjectSummary>();
  const subjectOf = (code: string | null): BankSubjectSummary => {
    let s = subjects.get(code);
    if (!s) {
      const declared = bank.subjects.find((x) => x.code === code);
      s = {
        code,
        name: declared?.name ?? null,
        file: declared?.file ?? null,
        items: 0,
        byType: zeroTypes(),
        byLevel: zeroLevels(),
        byTypeAndLevel: Object.fromEntries(ITEM_TYPES.map((t) => [t, zeroLevels()])) as Record<
          ItemType,
          Record<Level, number>
        >,
      };
      subjects.set(code, s);
    }
    return s;
  };
  for (const subject of bank.subjects) subjectOf(subject.code);
  for (const { item } of bank.items) {
    const s = subjectOf(item.subject);
    s.items += 1;
    s.byType[item.type] += 1;
    for (const level of item.levels) {
      s.byLevel[level] += 1;
      s.byTypeAndLevel[item.type][level] += 1;
    }
  }
  return {
    kind: bank.kind,
    occupation: bank.occupation,
    name: bank.name,
    items: bank.items.length,
    subjects: [...subjects.values()],
  };
}

function pad(text: string, width: number): string {
  // CJK characters take two columns in a terminal.
  const w = [...text].reduce((n, c) => n + (/[\u1100-\uffff]/.test(c) ? 2 : 1), 0);
  return text + ' '.repeat(Math.max(0, width - w));
}
const right = (text: string, width: number) => ' '.repeat(Math.max(0, width - text.length)) + text;

/** The summary as the CLI prints it: one table per subject, types down, levels across. */
export function formatSummary(summary: BankSummary, path: string): string[] {
  const lines: string[] = [];
  const title = [summary.occupation, summary.name].filter(Boolean).join(' ');
  lines.push(`${title ? `题库 ${title}` : '题库'}（${BANK_SOURCE_KIND_LABELS[summary.kind]}：${path}）`);
  for (const s of summary.subjects) {
    const name = [s.code ?? '（未指定科目）', s.name].filter(Boolean).join(' ');
    lines.push('');
    lines.push(`科目 ${name}${s.file && summary.kind === 'yaml' ? `（${s.file}）` : ''}：共 ${s.items} 题`);
    lines.push(`  ${pad('题型', 10)}${LEVELS.map((l) => right(l, 6)).join('')}${right('合计', 6)}`);
    for (const t of ITEM_TYPES) {
      if (!s.byType[t]) continue;
      lines.push(
        `  ${pad(ITEM_TYPE_LABELS[t], 10)}${LEVELS.map((l) => right(String(s.byTypeAndLevel[t][l]), 6)).join('')}${right(String(s.byType[t]), 8)}`,
      );
    }
    lines.push(
      `  ${pad('合计', 10)}${LEVELS.map((l) => right(String(s.byLevel[l]), 6)).join('')}${right(String(s.items), 8)}`,
    );
  }
  lines.push('');
  return lines;
}
