import { createHash } from 'node:crypto';
import type { BankItem } from '@exam/contracts';

/** JSON with object keys sorted at every depth, so equal content always gives equal text. */
export function stableJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((v) => stableJson(v === undefined ? null : v)).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
}

/** The parts of an item that make a new version when they change (FORMAT.md 「Versions」). */
export type ItemContent = Pick<BankItem, 'type' | 'stem' | 'pointsTenths' | 'image'> & {
  options?: unknown;
  key: unknown;
  rubric?: unknown;
};

/**
 * sha256 (hex) of the stable JSON of type, stem, options, key, rubric, points and the image's bytes hash.
 * Metadata — levels, topic, difficulty, source, explanation, the image's file name — is not content.
 */
export function itemContentHash(item: ItemContent): string {
  const content = {
    v: 1,
    type: item.type,
    stem: item.stem,
    options: item.options ?? null,
    key: item.key,
    rubric: item.rubric ?? null,
    pointsTenths: item.pointsTenths,
    image: item.image?.sha256 ?? null,
  };
  return createHash('sha256').update(stableJson(content)).digest('hex');
}
