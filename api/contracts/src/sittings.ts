import { z } from 'zod';
import { reasonSchema, uuidSchema } from './common.js';
import { LEVELS } from './domain.js';

/** 场次 components: 人机对话 (theory), 实操 (practical), 综合评审 (committee review). */
export const SITTING_COMPONENTS = ['theory', 'practical', 'committee_review'] as const;
export type SittingComponent = (typeof SITTING_COMPONENTS)[number];

export const SITTING_COMPONENT_LABELS: Record<SittingComponent, string> = {
  theory: '理论知识（人机对话）',
  practical: '操作技能',
  committee_review: '综合评审',
};

/** A sitting's longest duration, in minutes (ten hours). */
export const MAX_SITTING_MINUTES = 600;

export const createSittingSchema = z.strictObject({
  component: z.enum(SITTING_COMPONENTS, { error: '科目类别应为 theory、practical 或 committee_review' }),
  subject: z.string().trim().min(1).max(32).optional(),
  occupationId: uuidSchema.optional(),
  level: z.enum(LEVELS, { error: '等级应为 L5 至 L1' }).optional(),
  name: z.string({ error: '请填写场次名称' }).trim().min(1, { error: '请填写场次名称' }).max(100),
  startsAt: z.iso.datetime({
    offset: true,
    error: '开始时间应为带时区的 ISO 时间，如 2026-05-10T09:00:00+08:00',
  }),
  durationMinutes: z
    .number({ error: '时长应为分钟数' })
    .int({ error: '时长应为整数分钟' })
    .min(1, { error: '时长应大于 0 分钟' })
    .max(MAX_SITTING_MINUTES, { error: `时长不能超过 ${MAX_SITTING_MINUTES} 分钟` }),
  roomIds: z
    .array(uuidSchema, { error: '请选择考场' })
    .min(1, { error: '请至少选择一个考场' })
    .max(1000)
    .refine((ids) => new Set(ids).size === ids.length, { error: '考场重复' }),
  reason: reasonSchema,
});
export type CreateSittingRequest = z.infer<typeof createSittingSchema>;

/** A change to a sitting before it opens: any of name, time, duration and rooms (in fill order). */
export const updateSittingSchema = createSittingSchema
  .pick({ name: true, startsAt: true, durationMinutes: true, roomIds: true })
  .partial()
  .extend({ reason: reasonSchema })
  .refine(
    (v) =>
      v.name !== undefined ||
      v.startsAt !== undefined ||
      v.durationMinutes !== undefined ||
      v.roomIds !== undefined,
    {
      error: '请至少修改名称、开始时间、时长或考场中的一项',
    },
  );
export type UpdateSittingRequest = z.infer<typeof updateSittingSchema>;

export const cancelSittingSchema = z.strictObject({ reason: reasonSchema });
export type CancelSittingRequest = z.infer<typeof cancelSittingSchema>;

export const setInvigilatorsSchema = z.strictObject({
  roomId: uuidSchema,
  userIds: z
    .array(uuidSchema, { error: '请给出监考员' })
    .max(20, { error: '一个考场最多 20 名监考员' })
    .refine((ids) => new Set(ids).size === ids.length, { error: '监考员重复' }),
  reason: reasonSchema,
});
export type SetInvigilatorsRequest = z.infer<typeof setInvigilatorsSchema>;

export const allocateSeatsSchema = z.strictObject({
  reason: reasonSchema,
  spareSeatsPerRoom: z.number().int().min(0).max(100).optional(),
});
export type AllocateSeatsRequest = z.infer<typeof allocateSeatsSchema>;

export const moveCandidateSchema = z.strictObject({
  applicationId: uuidSchema,
  seatId: uuidSchema,
  useSpare: z.boolean().optional(),
  reason: reasonSchema,
});
export type MoveCandidateRequest = z.infer<typeof moveCandidateSchema>;

export interface SittingRoomView {
  roomId: string;
  name: string;
  venueName: string;
  position: number;
  seats: number;
  spareSeats: number;
  disabledSeats: number;
  assigned: number;
  invigilators: { userId: string; displayName: string; chief: boolean }[];
}

export interface SittingView {
  id: string;
  batchId: string;
  component: SittingComponent;
  subject: string | null;
  occupationId: string | null;
  level: string | null;
  name: string;
  startsAt: string;
  endsAt: string;
  durationMinutes: number;
  status: string;
  rooms: SittingRoomView[];
  assignments: number;
}

export interface AllocationReportView {
  sittingId: string;
  placed: number;
  notPlaced: { applicationId: string; number: string | null; code: string; reason: string }[];
  moved: { applicationId: string; fromSeatId: string; toSeatId: string | null; reason: string }[];
  rooms: {
    roomId: string;
    name: string;
    seats: number;
    usable: number;
    keptFree: number;
    disabled: number;
    assigned: number;
    free: number;
  }[];
  summary: {
    candidates: number;
    placed: number;
    notPlaced: number;
    kept: number;
    capacity: number;
    sameUnitAdjacencies: number;
  };
  messages: string[];
}

/** Seat allocation of every planned sitting of a batch, in order of time. */
export interface BatchAllocationReportView {
  batchId: string;
  sittings: (AllocationReportView & { name: string })[];
  summary: { sittings: number; placed: number; notPlaced: number };
}

/** Who sits where in a sitting (the room plan). */
export interface SeatAssignmentView {
  applicationId: string;
  applicationNumber: string;
  personName: string;
  organisationId: string;
  organisationName: string;
  ticketNumber: string | null;
  roomId: string;
  seatId: string;
  seatLabel: string;
  /** the reason of a manual move; null when the allocator placed the candidate */
  reason: string | null;
}

/** A user who may be put on duty in a room. */
export interface InvigilatorOption {
  userId: string;
  username: string;
  displayName: string;
}
