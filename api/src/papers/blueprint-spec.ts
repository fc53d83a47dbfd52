import { createHash } from 'node:crypto';
import { blueprintSchema, type Blueprint } from '@exam/contracts';

/**
 * A blueprint's identity for versioning: the sha256 of its canonical JSON (defaults filled in by the
 * schema, object keys sorted), so that key order or an omitted default does not make a new version.
 */
export function blueprintSpecHash(spec: Blueprint): string {
  return createHash('sha256')
    .update(canonicalJson(blueprintSchema.parse(spec)))
    .digest('hex');
}

export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.keys(value)
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value);
}

/** The stored spec (Json) read back through the schema; a row that no longer parses is a server bug. */
export function parseStoredBlueprint(spec: unknown): Blueprint {
  return blueprintSchema.parse(spec);
}
