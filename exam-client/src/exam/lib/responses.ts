import type { AnswerResponse, DeliveredItem } from '@exam/contracts';

/** the letters shown on screen beside the options, in the order shown */
export const SHOWN_LETTERS = ['A', 'B', 'C', 'D', 'E', 'F'] as const;

/** The option id behind the n-th option shown (0-based), or null when the item has no such option. */
export function optionAt(item: DeliveredItem, index: number): string | null {
  return item.options?.[index]?.id ?? null;
}

/** The response after the candidate picks an option (single: that option; multiple: toggles it). */
export function choose(item: DeliveredItem, current: AnswerResponse, optionId: string): AnswerResponse {
  if (item.type === 'single') return optionId;
  if (item.type !== 'multiple') return current;
  const chosen = new Set(Array.isArray(current) ? current : []);
  if (chosen.has(optionId)) chosen.delete(optionId);
  else chosen.add(optionId);
  const order = (item.options ?? []).map((o) => o.id as string);
  const picked = order.filter((id) => chosen.has(id));
  return picked.length ? picked : null;
}

/** whether an option is chosen in a response */
export function isChosen(current: AnswerResponse, optionId: string): boolean {
  return Array.isArray(current) ? current.includes(optionId) : current === optionId;
}

/** The response of a fill-in item after one blank changed: one text per blank; all blanks empty clears it. */
export function fillBlank(
  item: DeliveredItem,
  current: AnswerResponse,
  blank: number,
  text: string,
): AnswerResponse {
  const count = Math.max(item.blanks ?? 1, 1);
  const texts = Array.from({ length: count }, (_, i) => (Array.isArray(current) ? (current[i] ?? '') : ''));
  texts[blank] = text;
  return texts.some((t) => t !== '') ? texts : null;
}

/** the text of one blank of a fill-in response */
export function blankText(current: AnswerResponse, blank: number): string {
  return Array.isArray(current) ? (current[blank] ?? '') : '';
}

/** The response of a short answer: its text as typed; an empty box clears it. */
export function shortAnswer(text: string): AnswerResponse {
  return text === '' ? null : text;
}

/** Characters as a reader counts them (a CJK character or an emoji is one). */
export function characterCount(text: string): number {
  return [...text].length;
}

/** whether a response counts as answered for the overview and the submit check */
export function isAnswered(response: AnswerResponse | undefined): boolean {
  if (response === null || response === undefined) return false;
  if (typeof response === 'boolean') return true;
  if (typeof response === 'string') return response.trim() !== '';
  return response.some((t) => t.trim() !== '');
}

/** Two responses are the same answer (used to skip saving what did not change). */
export function sameResponse(a: AnswerResponse | undefined, b: AnswerResponse | undefined): boolean {
  const x = a ?? null;
  const y = b ?? null;
  if (Array.isArray(x) && Array.isArray(y)) return x.length === y.length && x.every((v, i) => v === y[i]);
  return x === y;
}

export type KeyAction =
  | { kind: 'prev' }
  | { kind: 'next' }
  | { kind: 'flag' }
  | { kind: 'option'; index: number }
  | { kind: 'truth'; value: boolean };

/**
 * What a key press does on the answer screen, or null to leave it alone. ←/→ and PageUp/PageDown move;
 * 1–6 and A–F pick the n-th option shown (判断: 1/A = 对, 2/B = 错); F flags, except on an item that has a
 * sixth option, where F picks it and Shift+F flags.
 */
export function keyAction(
  key: string,
  mods: { shift: boolean; ctrl: boolean; alt: boolean; meta: boolean },
  item: DeliveredItem | null,
): KeyAction | null {
  if (mods.ctrl || mods.alt || mods.meta) return null;
  if (key === 'ArrowLeft' || key === 'PageUp') return { kind: 'prev' };
  if (key === 'ArrowRight' || key === 'PageDown') return { kind: 'next' };
  const upper = key.length === 1 ? key.toUpperCase() : key;
  const optionCount = item?.options?.length ?? 0;
  if (upper === 'F' && (mods.shift || optionCount < 6)) return { kind: 'flag' };
  if (!item || mods.shift) return null;
  let index = -1;
  if (/^[1-6]$/.test(upper)) index = Number(upper) - 1;
  else if (/^[A-F]$/.test(upper)) index = upper.charCodeAt(0) - 65;
  if (index < 0) return null;
  if (item.type === 'true_false') return index <= 1 ? { kind: 'truth', value: index === 0 } : null;
  if ((item.type === 'single' || item.type === 'multiple') && index < optionCount)
    return { kind: 'option', index };
  return null;
}
