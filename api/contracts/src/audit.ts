import { z } from 'zod';
import { pageQuerySchema } from './common.js';

export const AUDIT_CATEGORIES = ['security', 'data_change', 'decision', 'exam_event', 'access'] as const;
export type AuditCategory = (typeof AUDIT_CATEGORIES)[number];

export const auditQuerySchema = pageQuerySchema.extend({
  entityType: z.string().trim().max(64).optional(),
  entityId: z.string().trim().max(128).optional(),
  actorUserId: z.uuid({ error: '应为 UUID 格式的编号' }).optional(),
  category: z.enum(AUDIT_CATEGORIES).optional(),
});

export interface AuditEntryView {
  id: string;
  at: string;
  actorUserId: string | null;
  actorUsername: string | null;
  actorRoles: string[];
  category: AuditCategory;
  action: string;
  entityType: string;
  entityId: string | null;
  reason: string | null;
  ip: string | null;
  details: unknown;
}
