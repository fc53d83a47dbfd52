import { z } from 'zod';
import { newPasswordSchema, usernameSchema, type RoleGrantView } from './auth.js';
import { reasonSchema, uuidSchema, pageQuerySchema } from './common.js';
import { ROLES } from './roles.js';

export const roleGrantInputSchema = z.strictObject({
  role: z.enum(ROLES, { error: `角色应为 ${ROLES.join('、')} 之一` }),
  /** required for unit_hr, reviewer and exam_office: the root of the subtree they act on */
  organisationId: uuidSchema.optional(),
});

export const createUserRequestSchema = z.strictObject({
  username: usernameSchema,
  displayName: z.string({ error: '请填写姓名' }).trim().min(1, { error: '请填写姓名' }).max(64),
  password: newPasswordSchema,
  roles: z.array(roleGrantInputSchema).min(1, { error: '至少授予一个角色' }).max(7),
  /** links a candidate account to its person record */
  personId: uuidSchema.optional(),
  /** rooms an invigilator watches */
  roomIds: z.array(uuidSchema).max(200).optional(),
  reason: reasonSchema,
});
export type CreateUserRequest = z.infer<typeof createUserRequestSchema>;

export const setUserStatusRequestSchema = z.strictObject({
  status: z.enum(['active', 'disabled'], { error: '状态应为 active 或 disabled' }),
  reason: reasonSchema,
});
export type SetUserStatusRequest = z.infer<typeof setUserStatusRequestSchema>;

export const resetPasswordRequestSchema = z.strictObject({
  newPassword: newPasswordSchema,
  reason: reasonSchema,
});
export type ResetPasswordRequest = z.infer<typeof resetPasswordRequestSchema>;

export const revokeSessionsRequestSchema = z.strictObject({ reason: reasonSchema });
export type RevokeSessionsRequest = z.infer<typeof revokeSessionsRequestSchema>;

export const userListQuerySchema = pageQuerySchema.extend({
  q: z.string().trim().max(64).optional(),
  role: z.enum(ROLES).optional(),
});

export interface UserView {
  id: string;
  username: string;
  displayName: string;
  status: 'active' | 'disabled';
  roles: RoleGrantView[];
  personId: string | null;
  roomIds: string[];
  lastLoginAt: string | null;
  createdAt: string;
}
