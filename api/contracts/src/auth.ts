import { z } from 'zod';
import type { Role } from './roles.js';

export const usernameSchema = z
  .string({ error: '请填写用户名' })
  .trim()
  .toLowerCase()
  .min(3, { error: '用户名至少 3 个字符' })
  .max(64, { error: '用户名不能超过 64 个字符' })
  .regex(/^[a-z0-9][a-z0-9._-]*$/, { error: '用户名只能包含字母、数字、点、下划线和连字符' });

export const PASSWORD_RULE_TEXT = '密码至少 8 位，须同时包含字母和数字';
export const newPasswordSchema = z
  .string({ error: '请填写新密码' })
  .min(8, { error: PASSWORD_RULE_TEXT })
  .max(72, { error: '密码不能超过 72 个字符' })
  .refine((p) => /[A-Za-z]/.test(p) && /\d/.test(p), { error: PASSWORD_RULE_TEXT });

export const loginRequestSchema = z.strictObject({
  username: z
    .string({ error: '请填写用户名' })
    .trim()
    .toLowerCase()
    .min(1, { error: '请填写用户名' })
    .max(64),
  password: z
    .string({ error: '请填写密码' })
    .min(1, { error: '请填写密码' })
    .max(72, { error: '密码不能超过 72 个字符' }),
});
export type LoginRequest = z.infer<typeof loginRequestSchema>;

export const passwordChangeRequestSchema = z.strictObject({
  currentPassword: z.string({ error: '请填写当前密码' }).min(1, { error: '请填写当前密码' }).max(72),
  newPassword: newPasswordSchema,
});
export type PasswordChangeRequest = z.infer<typeof passwordChangeRequestSchema>;

export interface RoleGrantView {
  role: Role;
  organisationId: string | null;
  organisationName: string | null;
}

export interface CurrentUser {
  id: string;
  username: string;
  displayName: string;
  roles: RoleGrantView[];
  mustChangePassword: boolean;
  personId: string | null;
}

export interface LoginResponse {
  token: string;
  /** ISO 8601, UTC */
  expiresAt: string;
  user: CurrentUser;
}

export interface SessionView {
  id: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  ip: string | null;
  userAgent: string | null;
  current: boolean;
}
