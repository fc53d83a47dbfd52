import type { BankItem, BankProblem, BankSourceKind } from '@exam/contracts';
import type { Loc } from './tree.js';

export interface BankSubject {
  code: string;
  name: string | null;
  /** The subject's file, relative to the bank folder (YAML banks only). */
  file: string;
}

/** An item that passed every check, and where it is written. */
export interface LoadedItem {
  item: BankItem;
  at: Loc;
}

/** An input read and checked: the valid items, and every problem found. */
export interface LoadedBank {
  kind: BankSourceKind;
  /** The input path as given. */
  path: string;
  occupation: string | null;
  name: string | null;
  subjects: BankSubject[];
  items: LoadedItem[];
  problems: BankProblem[];
}
