import type { OptionLetter, PartialCreditRule } from '@exam/contracts';

/**
 * Objective scoring, pure, in tenths of a point. Responses use the items' own option letters (the client
 * maps shown positions back), so a shuffled paper scores like a printed one. Short answers are not scored
 * here: they go to markers.
 */

export type ObjectiveKey =
  | { type: 'single'; key: OptionLetter }
  | { type: 'multiple'; key: OptionLetter[]; partialCredit: PartialCreditRule }
  | { type: 'true_false'; key: boolean }
  | { type: 'fill_blank'; key: string[][] };

/** A candidate's answer as stored: a letter, letters, true/false, or the text of each blank. */
export type Response = OptionLetter | OptionLetter[] | boolean | string[] | null;

export function scoreObjective(item: ObjectiveKey, response: Response, pointsTenths: number): number {
  if (response === null) return 0;
  switch (item.type) {
    case 'single':
      return response === item.key ? pointsTenths : 0;
    case 'true_false':
      return response === item.key ? pointsTenths : 0;
    case 'multiple': {
      if (!Array.isArray(response)) return 0;
      const chosen = new Set(response as string[]);
      const key = new Set<string>(item.key);
      if ([...chosen].some((c) => !key.has(c)) || chosen.size === 0) return 0;
      if (chosen.size === key.size) return pointsTenths;
      if (item.partialCredit === 'half_for_subset') return Math.floor(pointsTenths / 2);
      if (item.partialCredit === 'proportional_subset')
        return Math.floor((pointsTenths * chosen.size) / key.size);
      return 0;
    }
    case 'fill_blank': {
      if (!Array.isArray(response)) return 0;
      const blanks = item.key.length;
      let right = 0;
      item.key.forEach((accepted, i) => {
        const given = normalise(String(response[i] ?? ''));
        if (given !== '' && accepted.some((a) => normalise(a) === given)) right++;
      });
      // points per blank, in whole tenths; all blanks right gets every point
      return right === blanks ? pointsTenths : Math.floor((pointsTenths * right) / blanks);
    }
  }
}

/** Blank answers compare without spaces, full-width forms or letter case. */
export function normalise(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .replace(/[。．.，,；;]+$/u, '')
    .toLowerCase();
}

/** A component score out of 100 from the points earned, in tenths, rounded to one decimal place. */
export function componentScore(earnedTenths: number, totalTenths: number): number {
  if (totalTenths <= 0) return 0;
  return Math.round((earnedTenths * 1000) / totalTenths) / 10;
}
