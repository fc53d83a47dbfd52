import {
  ITEM_TYPES,
  ITEM_TYPE_LABELS,
  LEVELS,
  OPTION_LETTERS,
  type BankItem,
  type ItemImage,
  type ItemOption,
  type ItemType,
  type Level,
  type OptionLetter,
  type RubricPoint,
} from '@exam/contracts';
import { itemContentHash } from './hash.js';
import type { ImageChecker } from './images.js';
import type { Loc, Problems, TreeNode } from './tree.js';

/** Field names of an item in the bank format, with their Chinese names for messages. */
export const ITEM_FIELDS = {
  id: '题号',
  type: '题型',
  levels: '等级',
  topic: '知识点',
  difficulty: '难度',
  points: '分值',
  source: '来源',
  stem: '题干',
  options: '选项',
  key: '答案',
  explanation: '解析',
  image: '图片',
  rubric: '评分要点',
} as const;
export type ItemField = keyof typeof ITEM_FIELDS;

const REQUIRED: ItemField[] = [
  'id',
  'type',
  'levels',
  'topic',
  'difficulty',
  'points',
  'source',
  'stem',
  'key',
];

/** A blank in a fill-in-the-blank stem: four or more underscores. */
export const BLANK = /_{4,}/g;

export const MIN_POINTS_TENTHS = 5;
export const MAX_POINTS_TENTHS = 500;

export interface ItemContext {
  problems: Problems;
  /** Bank occupation code; with `subject`, ids must read `<occupation>-<subject>-<4 digits>`. */
  occupation: string | null;
  subject: string | null;
  /** `bank`: ids follow the bank pattern; `free`: any identifier (QTI). */
  ids: 'bank' | 'free';
  images: ImageChecker | null;
}

export interface CheckedItem {
  /** The id as written (even when the item has other problems), for duplicate detection. */
  id: string | null;
  at: Loc;
  idAt: Loc;
  /** The item, when it has no problems. */
  item: BankItem | null;
}

const name = (f: ItemField) => `${f}（${ITEM_FIELDS[f]}）`;
/** No space after Chinese text or a full-width bracket, one after Latin text. */
const sep = (what: string) => (/[\u3000-\u9fff\uff00-\uffef]$/.test(what) ? '' : ' ');

function describe(node: TreeNode): string {
  if (node.kind === 'seq') return '列表';
  if (node.kind === 'map') return '键值表';
  if (node.value === null) return '空值';
  if (typeof node.value === 'number') return '数字';
  if (typeof node.value === 'boolean') return '布尔值';
  return '文本';
}

/**
 * Checks one item — every field present with the right type, no unknown fields, the per-type rules of
 * FORMAT.md — adding every problem found. Returns the item only when it has none.
 */
export function checkItem(node: TreeNode, ctx: ItemContext): CheckedItem {
  const before = ctx.problems.count;
  if (node.kind !== 'map') {
    ctx.problems.add(node.at, `每道题应是一个键值表（id: …、type: … 等），实为${describe(node)}`);
    return { id: null, at: node.at, idAt: node.at, item: null };
  }
  const fields = new Map<string, TreeNode>();
  const idEntry = node.entries.find((e) => e.key === 'id');
  const idNode = idEntry?.value;
  const rawId = idNode?.kind === 'scalar' && idNode.value !== null ? idNode.text.trim() : null;
  const itemId = rawId ?? undefined;
  const at = idNode?.at ?? node.at;
  const problem = (loc: Loc, message: string) => ctx.problems.add(loc, message, itemId);

  for (const e of node.entries) {
    if (!(e.key in ITEM_FIELDS)) {
      problem(e.keyAt, `未知字段 ${e.key}${hintFor(e.key)}`);
      continue;
    }
    fields.set(e.key, e.value);
  }
  for (const f of REQUIRED) {
    const value = fields.get(f);
    if (!value) problem(node.at, `缺少字段 ${name(f)}`);
    else if (value.kind === 'scalar' && value.value === null) problem(value.at, `${name(f)}不能为空`);
  }

  // id
  let id: string | null = null;
  if (idNode && !(idNode.kind === 'scalar' && idNode.value === null)) {
    id = text(idNode, 'id', problem);
    if (id !== null) checkId(id, idNode.at, ctx, problem);
  }

  // type
  let type: ItemType | null = null;
  const typeNode = fields.get('type');
  if (typeNode && !isNull(typeNode)) {
    const t = text(typeNode, 'type', problem);
    if (t !== null) {
      if ((ITEM_TYPES as readonly string[]).includes(t)) type = t as ItemType;
      else
        problem(
          typeNode.at,
          `题型 ${t} 不认识，应为 ${ITEM_TYPES.map((x) => `${x}（${ITEM_TYPE_LABELS[x]}）`).join('、')} 之一`,
        );
    }
  }

  const levels = checkLevels(fields.get('levels'), problem);
  const topic = optionalText(fields.get('topic'), 'topic', problem);
  const source = optionalText(fields.get('source'), 'source', problem);
  const stem = optionalText(fields.get('stem'), 'stem', problem);
  const explanation = optionalText(fields.get('explanation'), 'explanation', problem);

  let difficulty: number | null = null;
  const difficultyNode = fields.get('difficulty');
  if (difficultyNode && !isNull(difficultyNode)) {
    const d = number(difficultyNode, 'difficulty', problem);
    if (d !== null) {
      if (!Number.isInteger(d) || d < 1 || d > 5)
        problem(difficultyNode.at, `难度应为 1–5 的整数，实为 ${d}`);
      else difficulty = d;
    }
  }

  let pointsTenths: number | null = null;
  const pointsNode = fields.get('points');
  if (pointsNode && !isNull(pointsNode)) pointsTenths = checkPoints(pointsNode, 'points', problem);

  let image: ItemImage | null = null;
  const imageNode = fields.get('image');
  if (imageNode && !isNull(imageNode)) {
    const path = text(imageNode, 'image', problem);
    if (path !== null) {
      if (!ctx.images) problem(imageNode.at, '此输入不支持图片');
      else {
        const result = ctx.images.check(path);
        if (result.ok) image = result.image;
        else for (const m of result.messages) problem(imageNode.at, m);
      }
    }
  }

  // per type
  const optionsNode = fields.get('options');
  const keyNode = fields.get('key');
  const rubricNode = fields.get('rubric');
  const choice = type === 'single' || type === 'multiple';
  if (type && !choice && optionsNode && !isNull(optionsNode))
    problem(optionsNode.at, `${ITEM_TYPE_LABELS[type]}题不应有 options（选项）`);
  if (type && type !== 'short_answer' && rubricNode && !isNull(rubricNode))
    problem(rubricNode.at, `只有简答题有 rubric（评分要点），${ITEM_TYPE_LABELS[type]}题不应有`);

  let options: ItemOption[] | null = null;
  let key: BankItem['key'] | null = null;
  let rubric: RubricPoint[] | null = null;
  if (type === 'single' || type === 'multiple') {
    if (!optionsNode) problem(node.at, `缺少字段 ${name('options')}`);
    else options = checkOptions(optionsNode, type, problem);
    if (keyNode && !isNull(keyNode)) key = checkChoiceKey(keyNode, type, options, problem);
  } else if (type === 'true_false') {
    if (keyNode && !isNull(keyNode)) {
      if (keyNode.kind === 'scalar' && typeof keyNode.value === 'boolean') key = keyNode.value;
      else problem(keyNode.at, `判断题的答案应为 true（正确）或 false（错误），实为 ${shown(keyNode)}`);
    }
  } else if (type === 'fill_blank') {
    if (keyNode && !isNull(keyNode)) key = checkBlanks(keyNode, stem, fields.get('stem')?.at ?? at, problem);
  } else if (type === 'short_answer') {
    if (keyNode && !isNull(keyNode)) key = text(keyNode, 'key', problem);
    if (!rubricNode || isNull(rubricNode)) problem(rubricNode?.at ?? node.at, `简答题缺少 ${name('rubric')}`);
    else rubric = checkRubric(rubricNode, pointsTenths, pointsNode?.at ?? at, problem);
  }

  if (ctx.problems.count > before || !type || id === null)
    return { id, at, idAt: idNode?.at ?? at, item: null };

  const base = {
    id,
    subject: ctx.subject,
    levels: levels!,
    topic: topic!,
    difficulty: difficulty!,
    pointsTenths: pointsTenths!,
    source: source!,
    stem: stem!,
    explanation,
    image,
  };
  let item: BankItem;
  switch (type) {
    case 'single':
      item = { ...base, type, options: options!, key: key as OptionLetter, contentHash: '' };
      break;
    case 'multiple':
      item = { ...base, type, options: options!, key: key as OptionLetter[], contentHash: '' };
      break;
    case 'true_false':
      item = { ...base, type, key: key as boolean, contentHash: '' };
      break;
    case 'fill_blank':
      item = { ...base, type, key: key as string[][], contentHash: '' };
      break;
    case 'short_answer':
      item = { ...base, type, key: key as string, rubric: rubric!, contentHash: '' };
      break;
  }
  item.contentHash = itemContentHash(item);
  return { id, at, idAt: idNode?.at ?? at, item };
}

type Report = (at: Loc, message: string) => void;

function isNull(node: TreeNode): boolean {
  return node.kind === 'scalar' && node.value === null;
}

function shown(node: TreeNode): string {
  return node.kind === 'scalar' ? (node.text === '' ? '空值' : node.text) : describe(node);
}

/** Text (numbers are taken as written, `220` → "220"); trimmed and non-empty. */
function text(node: TreeNode, f: ItemField | string, problem: Report, label?: string): string | null {
  const what = label ?? (f in ITEM_FIELDS ? name(f as ItemField) : f);
  if (node.kind !== 'scalar' || node.value === null || typeof node.value === 'boolean') {
    problem(node.at, `${what}${sep(what)}应为文本，实为${describe(node)}`);
    return null;
  }
  const value = typeof node.value === 'number' ? node.text : node.value;
  const trimmed = value.trim();
  if (!trimmed) {
    problem(node.at, `${what}${sep(what)}不能为空`);
    return null;
  }
  return trimmed;
}

function optionalText(node: TreeNode | undefined, f: ItemField, problem: Report): string | null {
  if (!node || isNull(node)) return null;
  return text(node, f, problem);
}

function number(node: TreeNode, f: ItemField | string, problem: Report, label?: string): number | null {
  const what = label ?? (f in ITEM_FIELDS ? name(f as ItemField) : f);
  if (node.kind !== 'scalar' || typeof node.value !== 'number' || !Number.isFinite(node.value)) {
    problem(
      node.at,
      `${what}${sep(what)}应为数字，实为${describe(node)}${node.kind === 'scalar' && node.text ? ` ${node.text}` : ''}`,
    );
    return null;
  }
  return node.value;
}

/** Points 0.5–50 with at most one decimal, as integer tenths. */
function checkPoints(node: TreeNode, f: string, problem: Report, label?: string): number | null {
  const p = number(node, f, problem, label);
  if (p === null) return null;
  const tenths = Math.round(p * 10);
  if (Math.abs(tenths - p * 10) > 1e-6) {
    problem(node.at, `${label ?? name('points')}${sep(label ?? name('points'))}最多一位小数，实为 ${p}`);
    return null;
  }
  if (tenths < MIN_POINTS_TENTHS || tenths > MAX_POINTS_TENTHS) {
    problem(node.at, `${label ?? name('points')}${sep(label ?? name('points'))}应在 0.5–50 之间，实为 ${p}`);
    return null;
  }
  return tenths;
}

const ID_PATTERN = /^([A-Z]{2}\d{2})-([A-Z]{2,4})-(\d{4})$/;

function checkId(id: string, at: Loc, ctx: ItemContext, problem: Report): void {
  if (ctx.ids === 'free') {
    if (/\s/.test(id)) problem(at, `题号 ${id} 不能含空白`);
    return;
  }
  const m = ID_PATTERN.exec(id);
  const expected = `${ctx.occupation ?? '<工种>'}-${ctx.subject ?? '<科目>'}-四位数字`;
  if (!m) {
    problem(
      at,
      `题号 ${id} 格式不对，应为 ${expected}（如 ${ctx.occupation ?? 'JD02'}-${ctx.subject ?? 'JN'}-0001）`,
    );
    return;
  }
  if (ctx.occupation && m[1] !== ctx.occupation)
    problem(at, `题号 ${id} 的工种代码应为 ${ctx.occupation}（${expected}）`);
  if (ctx.subject && m[2] !== ctx.subject)
    problem(at, `题号 ${id} 的科目代码应为 ${ctx.subject}（${expected}）`);
}

function checkLevels(node: TreeNode | undefined, problem: Report): Level[] | null {
  if (!node || isNull(node)) return null;
  if (node.kind !== 'seq') {
    problem(
      node.at,
      `levels（等级）应为列表，如 [L5, L4]，实为${describe(node)}${node.kind === 'scalar' ? ` ${node.text}` : ''}`,
    );
    return null;
  }
  if (node.items.length === 0) {
    problem(node.at, 'levels（等级）至少要有一个等级');
    return null;
  }
  const levels: Level[] = [];
  let ok = true;
  for (const item of node.items) {
    const l = item.kind === 'scalar' && typeof item.value === 'string' ? item.value.trim() : null;
    if (l === null || !(LEVELS as readonly string[]).includes(l)) {
      problem(item.at, `等级 ${shown(item)} 不认识，应为 ${LEVELS.join('、')} 之一`);
      ok = false;
    } else if (levels.includes(l as Level)) {
      problem(item.at, `等级 ${l} 重复`);
      ok = false;
    } else levels.push(l as Level);
  }
  return ok ? levels : null;
}

function checkOptions(node: TreeNode, type: 'single' | 'multiple', problem: Report): ItemOption[] | null {
  if (node.kind !== 'map') {
    problem(node.at, `options（选项）应为键值表（A: …、B: …），实为${describe(node)}`);
    return null;
  }
  const [min, max] = type === 'single' ? [3, 6] : [4, 6];
  let ok = true;
  const options: ItemOption[] = [];
  const seen = new Map<string, string>();
  node.entries.forEach((e, i) => {
    const expected = OPTION_LETTERS[i];
    if (e.key !== expected) {
      problem(
        e.keyAt,
        expected
          ? `选项字母应按 A、B、C… 的顺序，第 ${i + 1} 个选项应为 ${expected}，实为 ${e.key}`
          : `选项最多 6 个（A–F），多出 ${e.key}`,
      );
      ok = false;
    }
    const t = text(e.value, `选项 ${e.key}`, problem);
    if (t === null) {
      ok = false;
      return;
    }
    const norm = t.replace(/\s+/g, '');
    const dup = seen.get(norm);
    if (dup !== undefined) {
      problem(e.value.at, `选项 ${e.key} 与选项 ${dup} 内容相同`);
      ok = false;
    }
    seen.set(norm, e.key);
    if (expected) options.push({ letter: expected, text: t });
  });
  if (node.entries.length < min || node.entries.length > max) {
    problem(node.at, `${ITEM_TYPE_LABELS[type]}题应有 ${min}–${max} 个选项，实有 ${node.entries.length} 个`);
    ok = false;
  }
  return ok ? options : null;
}

function letterOf(node: TreeNode, options: ItemOption[] | null, problem: Report): OptionLetter | null {
  const l = node.kind === 'scalar' && typeof node.value === 'string' ? node.value.trim() : null;
  if (l === null || !(OPTION_LETTERS as readonly string[]).includes(l)) {
    problem(node.at, `答案 ${shown(node)} 应为选项字母（A–F）`);
    return null;
  }
  if (options && !options.some((o) => o.letter === l)) {
    problem(node.at, `答案 ${l} 不是本题的选项（选项为 ${options.map((o) => o.letter).join('、')}）`);
    return null;
  }
  return l as OptionLetter;
}

function checkChoiceKey(
  node: TreeNode,
  type: 'single' | 'multiple',
  options: ItemOption[] | null,
  problem: Report,
): OptionLetter | OptionLetter[] | null {
  if (type === 'single') {
    if (node.kind === 'seq') {
      problem(node.at, '单项选择题的答案应为一个字母，不是列表');
      return null;
    }
    return letterOf(node, options, problem);
  }
  if (node.kind !== 'seq') {
    const hint =
      node.kind === 'scalar' && /^[A-F]{2,}$/.test(node.text.trim())
        ? `，应写成列表 [${node.text.trim().split('').join(', ')}]`
        : '，如 [A, C, D]';
    problem(node.at, `多项选择题的答案应为字母列表${hint}`);
    return null;
  }
  let ok = true;
  const letters: OptionLetter[] = [];
  for (const item of node.items) {
    const l = letterOf(item, options, problem);
    if (l === null) ok = false;
    else if (letters.includes(l)) {
      problem(item.at, `答案字母 ${l} 重复`);
      ok = false;
    } else letters.push(l);
  }
  if (node.items.length < 2) {
    problem(node.at, `多项选择题的答案至少要有 2 个字母，实有 ${node.items.length} 个`);
    ok = false;
  }
  if (!ok) return null;
  return OPTION_LETTERS.filter((l) => letters.includes(l));
}

function checkBlanks(node: TreeNode, stem: string | null, stemAt: Loc, problem: Report): string[][] | null {
  if (node.kind !== 'seq') {
    problem(node.at, `填空题的答案应为列表，每个空一项（如 [答案一, 答案二]），实为${describe(node)}`);
    return null;
  }
  let ok = true;
  const key: string[][] = [];
  node.items.forEach((item, i) => {
    const label = `第 ${i + 1} 空的答案`;
    if (item.kind === 'seq') {
      if (item.items.length === 0) {
        problem(item.at, `${label}不能为空列表`);
        ok = false;
        return;
      }
      const accepted: string[] = [];
      for (const alt of item.items) {
        const t = text(alt, label, problem);
        if (t === null) ok = false;
        else if (accepted.includes(t)) {
          problem(alt.at, `${label}中 ${t} 重复`);
          ok = false;
        } else accepted.push(t);
      }
      key.push(accepted);
    } else {
      const t = text(item, label, problem);
      if (t === null) ok = false;
      else key.push([t]);
    }
  });
  if (stem !== null) {
    const blanks = stem.match(BLANK)?.length ?? 0;
    if (blanks === 0) {
      problem(stemAt, '填空题的题干中没有空（每个空写作 ____，至少四个下划线）');
      ok = false;
    } else if (blanks !== node.items.length) {
      problem(node.at, `题干有 ${blanks} 个空，答案有 ${node.items.length} 项，应一一对应`);
      ok = false;
    }
  }
  return ok ? key : null;
}

function checkRubric(
  node: TreeNode,
  pointsTenths: number | null,
  pointsAt: Loc,
  problem: Report,
): RubricPoint[] | null {
  if (node.kind !== 'seq') {
    problem(node.at, `rubric（评分要点）应为列表，每项 { point: 要点, points: 分值 }，实为${describe(node)}`);
    return null;
  }
  if (node.items.length === 0) {
    problem(node.at, 'rubric（评分要点）至少要有一条');
    return null;
  }
  let ok = true;
  const rubric: RubricPoint[] = [];
  node.items.forEach((item, i) => {
    const label = `第 ${i + 1} 条评分要点`;
    if (item.kind !== 'map') {
      problem(item.at, `${label}应为 { point: 要点, points: 分值 }，实为${describe(item)}`);
      ok = false;
      return;
    }
    let point: string | null = null;
    let tenths: number | null = null;
    for (const e of item.entries) {
      if (e.key === 'point') point = text(e.value, `${label}的 point`, problem);
      else if (e.key === 'points') tenths = positiveTenths(e.value, `${label}的 points`, problem);
      else problem(e.keyAt, `${label}有未知字段 ${e.key}（只有 point 和 points）`);
    }
    if (!item.entries.some((e) => e.key === 'point')) problem(item.at, `${label}缺少 point（要点）`);
    if (!item.entries.some((e) => e.key === 'points')) problem(item.at, `${label}缺少 points（分值）`);
    if (point === null || tenths === null) ok = false;
    else rubric.push({ point, pointsTenths: tenths });
  });
  if (!ok) return null;
  const sum = rubric.reduce((s, r) => s + r.pointsTenths, 0);
  if (pointsTenths !== null && sum !== pointsTenths) {
    problem(node.at, `评分要点分值之和为 ${sum / 10}，与本题分值 ${pointsTenths / 10} 不符`);
    return null;
  }
  void pointsAt;
  return rubric;
}

function positiveTenths(node: TreeNode, label: string, problem: Report): number | null {
  const p = number(node, label, problem, label);
  if (p === null) return null;
  const tenths = Math.round(p * 10);
  if (Math.abs(tenths - p * 10) > 1e-6 || tenths <= 0) {
    problem(node.at, `${label}${sep(label)}应为正数、最多一位小数，实为 ${p}`);
    return null;
  }
  return tenths;
}

const HINTS: Record<string, string> = {
  answer: 'key',
  answers: 'key',
  option: 'options',
  choices: 'options',
  level: 'levels',
  score: 'points',
  point: 'points',
  question: 'stem',
  title: 'stem',
  analysis: 'explanation',
  explain: 'explanation',
  images: 'image',
  picture: 'image',
  rubrics: 'rubric',
  knowledge: 'topic',
};

function hintFor(key: string): string {
  const guess = HINTS[key.toLowerCase()];
  return guess ? `（是否应为 ${guess}？）` : `（可用字段：${Object.keys(ITEM_FIELDS).join('、')}）`;
}
