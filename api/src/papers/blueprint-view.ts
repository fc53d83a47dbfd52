import type { BlueprintView, Level } from '@exam/contracts';
import { parseStoredBlueprint } from './blueprint-spec.js';

export interface BlueprintRow {
  id: string;
  occupationCode: string;
  level: Level;
  subject: string;
  version: number;
  name: string;
  durationMinutes: number;
  spec: unknown;
  specHash: string;
  createdBy: string;
  reason: string;
  createdAt: Date;
}

export function toBlueprintView(row: BlueprintRow): BlueprintView {
  return {
    id: row.id,
    occupationCode: row.occupationCode,
    level: row.level,
    subject: row.subject,
    version: row.version,
    name: row.name,
    durationMinutes: row.durationMinutes,
    spec: parseStoredBlueprint(row.spec),
    specHash: row.specHash,
    createdBy: row.createdBy,
    reason: row.reason,
    createdAt: row.createdAt.toISOString(),
  };
}
