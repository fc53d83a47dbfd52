import type { Level } from './domain.js';

/**
 * Question banks (题库): the item model shared by the bank validator/importer (question-banks/), the API,
 * and the apps. The file format itself is documented in question-banks/FORMAT.md.
 *
 * Points are integers in tenths (1 point = 10), never floats: the files say `points: 1.5`, the model says
 * `pointsTenths: 15`.
 */

export const BANK_FORMAT_VERSION = 1;

export const ITEM_TYPES = ['single', 'multiple', 'true_false', 'fill_blank', 'short_answer'] as const;
export type ItemType = (typeof ITEM_TYPES)[number];
export const ITEM_TYPE_LABELS: Record<ItemType, string> = {
  single: '单项选择',
  multiple: '多项选择',
  true_false: '判断',
  fill_blank: '填空',
  short_answer: '简答',
};

/** Option letters in order; single choice has 3–6 options, multiple choice 4–6. */
export const OPTION_LETTERS = ['A', 'B', 'C', 'D', 'E', 'F'] as const;
export type OptionLetter = (typeof OPTION_LETTERS)[number];

export interface ItemOption {
  letter: OptionLetter;
  text: string;
}

/** One scoring point of a short-answer item (评分要点). */
export interface RubricPoint {
  point: string;
  pointsTenths: number;
}

/** A picture attached to an item; `path` is relative to the bank folder (or the QTI folder). */
export interface ItemImage {
  path: string;
  mediaType: 'image/png' | 'image/jpeg';
  bytes: number;
  /** sha256 of the file's bytes, hex. */
  sha256: string;
}

interface BankItemBase {
  /** `<occupation>-<subject>-<4 digits>` in YAML and spreadsheet banks; the item identifier in QTI. */
  id: string;
  /** Subject code (ZD, NL, JN …); null when the source does not say (QTI). */
  subject: string | null;
  levels: Level[];
  topic: string;
  /** 1 (easy) … 5 (hard). */
  difficulty: number;
  pointsTenths: number;
  source: string;
  stem: string;
  explanation: string | null;
  image: ItemImage | null;
  /** sha256 of the item's content (type, stem, options, key, rubric, points, image bytes); see FORMAT.md 「Versions」. */
  contentHash: string;
}

export interface SingleChoiceItem extends BankItemBase {
  type: 'single';
  options: ItemOption[];
  key: OptionLetter;
}
export interface MultipleChoiceItem extends BankItemBase {
  type: 'multiple';
  options: ItemOption[];
  /** Two or more distinct letters, in option order. */
  key: OptionLetter[];
}
export interface TrueFalseItem extends BankItemBase {
  type: 'true_false';
  key: boolean;
}
export interface FillBlankItem extends BankItemBase {
  type: 'fill_blank';
  /** One entry per blank (`____` in the stem), in order; each entry lists the accepted answers. */
  key: string[][];
}
export interface ShortAnswerItem extends BankItemBase {
  type: 'short_answer';
  /** The reference answer. */
  key: string;
  rubric: RubricPoint[];
}

export type BankItem =
  SingleChoiceItem | MultipleChoiceItem | TrueFalseItem | FillBlankItem | ShortAnswerItem;

/** Where an input came from: a bank folder (YAML), the spreadsheet template, or a folder of QTI 2.x items. */
export const BANK_SOURCE_KINDS = ['yaml', 'xlsx', 'qti'] as const;
export type BankSourceKind = (typeof BANK_SOURCE_KINDS)[number];
export const BANK_SOURCE_KIND_LABELS: Record<BankSourceKind, string> = {
  yaml: '题库文件夹（YAML）',
  xlsx: '电子表格模板（.xlsx）',
  qti: 'IMS QTI 2.x 文件夹',
};

/**
 * One thing wrong with a bank input. YAML and QTI problems carry `line`; spreadsheet problems carry
 * `sheet`, `row` and `column` (the column letter) with `columnName` (the header, e.g. 答案).
 */
export interface BankProblem {
  file: string;
  line?: number;
  sheet?: string;
  row?: number;
  column?: string;
  columnName?: string;
  itemId?: string;
  message: string;
}

/** Items of one subject counted by type and level (an item counts once per level it is marked for). */
export interface BankSubjectSummary {
  code: string | null;
  name: string | null;
  file: string | null;
  items: number;
  byType: Record<ItemType, number>;
  byLevel: Record<Level, number>;
  byTypeAndLevel: Record<ItemType, Record<Level, number>>;
}

export interface BankSummary {
  kind: BankSourceKind;
  occupation: string | null;
  name: string | null;
  items: number;
  subjects: BankSubjectSummary[];
}

/** What `exam bank validate --json` prints. */
export interface BankValidationReport {
  valid: boolean;
  path: string;
  summary: BankSummary;
  problems: BankProblem[];
}
