import type { BankProblem } from '@exam/contracts';

/**
 * The three front ends (YAML files, the spreadsheet template, QTI XML) turn their input into the same small
 * located tree — scalars, lists and maps, each with where it came from — so one validator checks them all
 * and every problem points at the line (or cell) at fault.
 */

/** A place in an input: a line of a file, or a cell of a sheet. */
export interface Loc {
  file: string;
  line?: number;
  sheet?: string;
  row?: number;
  /** Column letter (A, B …). */
  column?: string;
  /** The column's header (题干, 答案 …). */
  columnName?: string;
}

export type Scalar = string | number | boolean | null;

export interface ScalarNode {
  kind: 'scalar';
  value: Scalar;
  /** The value as written in the source (keeps `0.50` and `007` as typed). */
  text: string;
  at: Loc;
}
export interface SeqNode {
  kind: 'seq';
  items: TreeNode[];
  at: Loc;
}
export interface MapEntry {
  key: string;
  keyAt: Loc;
  value: TreeNode;
}
export interface MapNode {
  kind: 'map';
  entries: MapEntry[];
  at: Loc;
}
export type TreeNode = ScalarNode | SeqNode | MapNode;

export function scalar(value: Scalar, at: Loc, text = value === null ? '' : String(value)): ScalarNode {
  return { kind: 'scalar', value, text, at };
}
export function seq(items: TreeNode[], at: Loc): SeqNode {
  return { kind: 'seq', items, at };
}
export function map(entries: MapEntry[], at: Loc): MapNode {
  return { kind: 'map', entries, at };
}
export function entry(key: string, value: TreeNode, keyAt: Loc = value.at): MapEntry {
  return { key, keyAt, value };
}

export function field(node: MapNode, key: string): MapEntry | undefined {
  return node.entries.find((e) => e.key === key);
}

/** Collects problems; never stops at the first. */
export class Problems {
  readonly list: BankProblem[] = [];

  add(at: Loc, message: string, itemId?: string): void {
    const problem: BankProblem = { file: at.file, message };
    if (at.line !== undefined) problem.line = at.line;
    if (at.sheet !== undefined) problem.sheet = at.sheet;
    if (at.row !== undefined) problem.row = at.row;
    if (at.column !== undefined) problem.column = at.column;
    if (at.columnName !== undefined) problem.columnName = at.columnName;
    if (itemId) problem.itemId = itemId;
    this.list.push(problem);
  }

  get count(): number {
    return this.list.length;
  }
}

/** `file:line`, or `file[sheet]:row:column(header)` for a spreadsheet cell. */
export function formatLoc(at: Loc | BankProblem): string {
  if (at.sheet !== undefined || at.row !== undefined) {
    const sheet = at.sheet !== undefined ? `[${at.sheet}]` : '';
    const row = at.row !== undefined ? `:${at.row}` : '';
    const column = at.column !== undefined ? `:${at.column}${at.columnName ? `(${at.columnName})` : ''}` : '';
    return `${at.file}${sheet}${row}${column}`;
  }
  return at.line !== undefined ? `${at.file}:${at.line}` : at.file;
}

/** One problem as the CLI prints it: `file:line  item-id  message`. */
export function formatProblem(problem: BankProblem): string {
  return `${formatLoc(problem)}  ${problem.itemId ?? '-'}  ${problem.message}`;
}
