import { z } from 'zod';
import { reasonSchema, uuidSchema } from './common.js';
import { ORGANISATION_KINDS, type OrganisationKind } from './domain.js';

export const createOrganisationRequestSchema = z.strictObject({
  parentId: uuidSchema,
  kind: z.enum(ORGANISATION_KINDS, { error: `机构类型应为 ${ORGANISATION_KINDS.join('、')} 之一` }),
  code: z
    .string({ error: '请填写机构代码' })
    .trim()
    .min(2, { error: '机构代码至少 2 个字符' })
    .max(64)
    .regex(/^[A-Za-z0-9_-]+$/, { error: '机构代码只能包含字母、数字、下划线和连字符' }),
  name: z.string({ error: '请填写机构名称' }).trim().min(2, { error: '机构名称至少 2 个字' }).max(100),
  reason: reasonSchema,
});
export type CreateOrganisationRequest = z.infer<typeof createOrganisationRequestSchema>;

export interface OrganisationView {
  id: string;
  regionId: string;
  parentId: string | null;
  kind: OrganisationKind;
  code: string;
  name: string;
  depth: number;
}
