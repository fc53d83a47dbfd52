import { OPTION_LETTERS, type ItemType, type OptionLetter, type PartialCreditRule } from '@exam/contracts';
import { scoreObjective, type ObjectiveKey, type Response } from './scoring.js';

/**
 * Scoring a whole paper from its current answers, pure, in tenths. Stored keys and stored responses are
 * read defensively: a response of the wrong shape for its item (a letter the item does not have, text for
 * a true/false item…) scores 0, never throws.
 */

export interface PaperItemToScore {
  position: number;
  type: ItemType;
  pointsTenths: number;
  /** the version's key as stored */
  key: unknown;
  /** the version's options as stored ([{ letter, text }]) */
  options: unknown;
  partialCredit: PartialCreditRule;
}

export interface PaperScore {
  objectiveTenths: number;
  /** short answers, for markers */
  shortAnswers: { position: number; maxTenths: number }[];
  totalTenths: number;
}

const isLetter = (v: unknown): v is OptionLetter =>
  typeof v === 'string' && (OPTION_LETTERS as readonly string[]).includes(v);

function letters(options: unknown): Set<string> {
  if (!Array.isArray(options)) return new Set();
  return new Set(options.map((o: unknown) => (o as { letter?: unknown })?.letter).filter(isLetter));
}

/** The item's key as the scorer takes it; null for a short answer or a key that is not of its type's shape. */
export function objectiveKey(item: PaperItemToScore): ObjectiveKey | null {
  const { key } = item;
  switch (item.type) {
    case 'single':
      return isLetter(key) ? { type: 'single', key } : null;
    case 'multiple':
      return Array.isArray(key) && key.length > 0 && key.every(isLetter)
        ? { type: 'multiple', key, partialCredit: item.partialCredit }
        : null;
    case 'true_false':
      return typeof key === 'boolean' ? { type: 'true_false', key } : null;
    case 'fill_blank':
      return Array.isArray(key) &&
        key.length > 0 &&
        key.every((b) => Array.isArray(b) && b.every((a) => typeof a === 'string' || typeof a === 'number'))
        ? { type: 'fill_blank', key: key.map((b: unknown[]) => b.map(String)) }
        : null;
    case 'short_answer':
      return null;
  }
}

/** A stored response checked against its item; anything of the wrong shape is no answer (null). */
export function checkedResponse(item: PaperItemToScore, raw: unknown): Response {
  switch (item.type) {
    case 'single':
      return isLetter(raw) && letters(item.options).has(raw) ? raw : null;
    case 'multiple': {
      if (!Array.isArray(raw) || raw.length === 0) return null;
      const allowed = letters(item.options);
      if (!raw.every((r) => isLetter(r) && allowed.has(r))) return null;
      if (new Set(raw).size !== raw.length) return null;
      return raw as OptionLetter[];
    }
    case 'true_false':
      return typeof raw === 'boolean' ? raw : null;
    case 'fill_blank':
      return Array.isArray(raw) && raw.every((r) => typeof r === 'string') ? (raw as string[]) : null;
    case 'short_answer':
      return null;
  }
}

export function scorePaper(
  items: readonly PaperItemToScore[],
  answers: ReadonlyMap<number, unknown>,
): PaperScore {
  let objectiveTenths = 0;
  let totalTenths = 0;
  const shortAnswers: PaperScore['shortAnswers'] = [];
  for (const item of items) {
    totalTenths += item.pointsTenths;
    if (item.type === 'short_answer') {
      shortAnswers.push({ position: item.position, maxTenths: item.pointsTenths });
      continue;
    }
    const key = objectiveKey(item);
    if (!key) continue;
    objectiveTenths += scoreObjective(
      key,
      checkedResponse(item, answers.get(item.position)),
      item.pointsTenths,
    );
  }
  return { objectiveTenths, shortAnswers, totalTenths };
}

/** A component score out of 100, in tenths (integer), from points earned of the paper's total. */
export function componentTenths(earnedTenths: number, totalTenths: number): number {
  if (totalTenths <= 0) return 0;
  return Math.round((earnedTenths * 1000) / totalTenths);
}

/** The text of a short answer as the marker reads it ('' when none was given or it is not text). */
export function answerText(raw: unknown): string {
  if (typeof raw === 'string') return raw;
  if (Array.isArray(raw) && raw.every((r) => typeof r === 'string')) return raw.join('\n');
  return '';
}
