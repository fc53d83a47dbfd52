import {
  BLUEPRINT_SUBJECT_NAMES,
  ITEM_TYPE_LABELS,
  blueprintSchema,
  type Blueprint,
  type BlueprintInput,
  type BlueprintSection,
  type ItemType,
  type PartialCreditRule,
} from '@exam/contracts';
import { parseCount, parsePoints, pointsText } from './points';

/** 组卷方案 as the console shows and edits it: totals, summaries, and the editor's form ↔ spec. */

export const DIFFICULTIES = ['1', '2', '3', '4', '5'] as const;
export type Difficulty = (typeof DIFFICULTIES)[number];

type Counted = Pick<BlueprintSection, 'count' | 'pointsTenths'>;

export function sectionTotalTenths(section: Counted): number {
  return section.count * section.pointsTenths;
}

export function blueprintTotalTenths(sections: readonly Counted[]): number {
  return sections.reduce((sum, s) => sum + sectionTotalTenths(s), 0);
}

/** "单项选择 10 题 × 2 分 = 20 分" */
export function sectionSummary(section: Counted & { type: ItemType }): string {
  return `${ITEM_TYPE_LABELS[section.type]} ${section.count} 题 × ${pointsText(section.pointsTenths)} 分 = ${pointsText(sectionTotalTenths(section))} 分`;
}

/** "难度 4：1 题；知识点 食品安全：2 题" ('' when the section has no quotas). */
export function quotaText(section: Pick<BlueprintSection, 'topics' | 'difficulty'>): string {
  const parts = [
    ...DIFFICULTIES.flatMap((d) =>
      section.difficulty?.[d] ? [`难度 ${d}：${section.difficulty[d]} 题`] : [],
    ),
    ...Object.entries(section.topics ?? {}).map(([topic, n]) => `知识点「${topic}」：${n} 题`),
  ];
  return parts.join('；');
}

export function subjectLabel(code: string): string {
  const name = BLUEPRINT_SUBJECT_NAMES[code];
  return name ? `${name}（${code}）` : code;
}

// ── the editor ──

export interface TopicRow {
  topic: string;
  count: string;
}

export interface SectionForm {
  type: ItemType;
  title: string;
  count: string;
  points: string;
  difficulty: Record<Difficulty, string>;
  topics: TopicRow[];
  partialCredit: PartialCreditRule;
}

export interface BlueprintForm {
  name: string;
  durationMinutes: string;
  shuffleItems: boolean;
  shuffleOptions: boolean;
  sections: SectionForm[];
}

export function emptySection(type: ItemType = 'single'): SectionForm {
  return {
    type,
    title: '',
    count: '',
    points: '',
    difficulty: { '1': '', '2': '', '3': '', '4': '', '5': '' },
    topics: [],
    partialCredit: 'none',
  };
}

export function toForm(spec: Blueprint): BlueprintForm {
  return {
    name: spec.name,
    durationMinutes: String(spec.durationMinutes),
    shuffleItems: spec.shuffleItems,
    shuffleOptions: spec.shuffleOptions,
    sections: spec.sections.map((s) => ({
      type: s.type,
      title: s.title ?? '',
      count: String(s.count),
      points: pointsText(s.pointsTenths),
      difficulty: Object.fromEntries(
        DIFFICULTIES.map((d) => [d, s.difficulty?.[d] ? String(s.difficulty[d]) : '']),
      ) as Record<Difficulty, string>,
      topics: Object.entries(s.topics ?? {}).map(([topic, n]) => ({ topic, count: String(n) })),
      partialCredit: s.partialCredit,
    })),
  };
}

/** The live 合计 of the form in tenths; null while a count or a points entry cannot be read. */
export function formTotalTenths(sections: readonly SectionForm[]): number | null {
  let total = 0;
  for (const s of sections) {
    const count = parseCount(s.count);
    const points = parsePoints(s.points);
    if (count === null || !points.ok) return null;
    total += count * points.tenths;
  }
  return total;
}

/** A problem with the form, keyed as the server's issues are (`sections.0.count`, `sections`, `name`…). */
export interface FormIssue {
  path: string;
  message: string;
}

export type SpecParse = { ok: true; spec: BlueprintInput } | { ok: false; issues: FormIssue[] };

/** The form as a spec for POST /api/blueprints, checked as the server checks it. */
export function formToSpec(
  base: Pick<Blueprint, 'occupation' | 'level' | 'subject'>,
  form: BlueprintForm,
): SpecParse {
  const issues: FormIssue[] = [];
  const fail = (path: string, message: string) => issues.push({ path, message });
  const duration = parseCount(form.durationMinutes);
  if (!form.name.trim()) fail('name', '请填写方案名称');
  else if (form.name.trim().length > 100) fail('name', '方案名称不能超过 100 字');
  if (duration === null || duration < 5 || duration > 600)
    fail('durationMinutes', '时长应为 5 至 600 的整数分钟');
  const sections = form.sections.map((s, i) => {
    const count = parseCount(s.count);
    if (count === null || count < 1 || count > 500) fail(`sections.${i}.count`, '题数应为 1 至 500 的整数');
    const points = parsePoints(s.points);
    if (!points.ok) fail(`sections.${i}.pointsTenths`, `每题分值：${points.message}`);
    else if (points.tenths < 1 || points.tenths > 500)
      fail(`sections.${i}.pointsTenths`, '每题分值应在 0.1 至 50 分之间');
    if (s.title.trim().length > 40) fail(`sections.${i}.title`, '标题不能超过 40 字');
    const difficulty: Partial<Record<Difficulty, number>> = {};
    for (const d of DIFFICULTIES) {
      if (!s.difficulty[d].trim()) continue;
      const n = parseCount(s.difficulty[d]);
      if (n === null || n === 0) fail(`sections.${i}.difficulty`, '难度题数应为正整数（不限则留空）');
      else difficulty[d] = n;
    }
    const topics: Record<string, number> = {};
    for (const row of s.topics) {
      const topic = row.topic.trim();
      if (!topic && !row.count.trim()) continue;
      const n = parseCount(row.count);
      if (!topic) fail(`sections.${i}.topics`, '请填写知识点名称');
      else if (topic.length > 60) fail(`sections.${i}.topics`, '知识点名称不能超过 60 字');
      else if (n === null || n === 0) fail(`sections.${i}.topics`, `知识点「${topic}」的题数应为正整数`);
      else if (topic in topics) fail(`sections.${i}.topics`, `知识点「${topic}」重复`);
      else topics[topic] = n;
    }
    return {
      type: s.type,
      ...(s.title.trim() ? { title: s.title.trim() } : {}),
      count: count ?? 0,
      pointsTenths: points.ok ? points.tenths : 0,
      ...(Object.keys(topics).length ? { topics } : {}),
      ...(Object.keys(difficulty).length ? { difficulty } : {}),
      partialCredit: s.type === 'multiple' ? s.partialCredit : 'none',
    };
  });
  if (!form.sections.length) fail('sections', '至少一个题型');
  if (issues.length) return { ok: false, issues };
  const spec: BlueprintInput = {
    occupation: base.occupation,
    level: base.level,
    subject: base.subject,
    name: form.name.trim(),
    durationMinutes: duration!,
    sections,
    shuffleItems: form.shuffleItems,
    shuffleOptions: form.shuffleOptions,
  };
  const checked = blueprintSchema.safeParse(spec);
  if (!checked.success) {
    for (const issue of checked.error.issues) fail(issue.path.map(String).join('.'), issue.message);
    return { ok: false, issues };
  }
  return { ok: true, spec };
}

/** The server's issues (`spec.sections.0.count` for bad input, `sections.0` for a shortage) as the form's. */
export function fromServerIssues(issues: readonly FormIssue[] | undefined): FormIssue[] {
  return (issues ?? []).map((i) => ({ path: i.path.replace(/^spec\./, ''), message: i.message }));
}

/** Every message about section `index` (its own fields and the shortages the server names for it). */
export function sectionMessages(issues: readonly FormIssue[], index: number): string[] {
  const prefix = `sections.${index}`;
  return issues.filter((i) => i.path === prefix || i.path.startsWith(`${prefix}.`)).map((i) => i.message);
}

/** The messages that belong to no section (name, duration, the 100-point total, the request itself). */
export function generalMessages(issues: readonly FormIssue[]): string[] {
  return issues.filter((i) => !/^sections\.\d+/.test(i.path)).map((i) => i.message);
}
