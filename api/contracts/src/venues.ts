import { z } from 'zod';
import { reasonSchema, uuidSchema } from './common.js';

/** 考点 / 考场 / 座位: venues, their rooms and each room's seat map. */

export const ROOM_KINDS = ['computer', 'practical', 'meeting'] as const;
export type RoomKind = (typeof ROOM_KINDS)[number];
export const ROOM_KIND_LABELS: Record<RoomKind, string> = {
  computer: '机房',
  practical: '实操考场',
  meeting: '评审会议室',
};

/** The largest seat map a room may have: rows and columns each at most 20, 400 seats in all. */
export const MAX_SEAT_ROWS = 20;
export const MAX_SEAT_COLUMNS = 20;
export const MAX_SEATS_PER_ROOM = 400;

const machineIdSchema = z
  .string({ error: '机器编号应为文字' })
  .trim()
  .min(1, { error: '机器编号不能为空' })
  .max(64, { error: '机器编号不能超过 64 个字符' })
  .regex(/^[^\s/\\]+$/, { error: '机器编号不能包含空白或斜杠' });

export const createVenueRequestSchema = z.strictObject({
  organisationId: uuidSchema,
  name: z.string({ error: '请填写考点名称' }).trim().min(2, { error: '考点名称至少 2 个字' }).max(100),
  address: z.string({ error: '请填写考点地址' }).trim().min(2, { error: '考点地址至少 2 个字' }).max(200),
  reason: reasonSchema,
});
export type CreateVenueRequest = z.infer<typeof createVenueRequestSchema>;

/** The shape of a room's seat grid: rows × columns, spare seats, machine ids; used to create or re-lay a room. */
const roomLayoutShape = {
  rows: z
    .number({ error: '排数应为整数' })
    .int({ error: '排数应为整数' })
    .min(1, { error: '排数至少为 1' })
    .max(MAX_SEAT_ROWS, { error: `排数不能超过 ${MAX_SEAT_ROWS}` }),
  columns: z
    .number({ error: '列数应为整数' })
    .int({ error: '列数应为整数' })
    .min(1, { error: '列数至少为 1' })
    .max(MAX_SEAT_COLUMNS, { error: `列数不能超过 ${MAX_SEAT_COLUMNS}` }),
  spareSeats: z
    .number({ error: '备用座位数应为整数' })
    .int({ error: '备用座位数应为整数' })
    .min(0, { error: '备用座位数不能为负' })
    .default(0),
  /** machine ids in seat order (front to back, left to right); computer rooms get `<room>-PC01`… otherwise */
  machineIds: z.array(machineIdSchema).max(MAX_SEATS_PER_ROOM).optional(),
  reason: reasonSchema,
};

type LayoutFields = { rows: number; columns: number; spareSeats: number; machineIds?: string[] | undefined };

function checkLayout(room: LayoutFields & { kind?: string }, ctx: z.RefinementCtx): void {
  const seats = room.rows * room.columns;
  if (seats > MAX_SEATS_PER_ROOM)
    ctx.addIssue({
      code: 'custom',
      path: ['rows'],
      message: `座位图过大：${room.rows}×${room.columns}=${seats}，每个考场最多 ${MAX_SEATS_PER_ROOM} 个座位`,
    });
  if (room.spareSeats > seats && seats <= MAX_SEATS_PER_ROOM)
    ctx.addIssue({
      code: 'custom',
      path: ['spareSeats'],
      message: `备用座位数 ${room.spareSeats} 超过了座位总数 ${seats}`,
    });
  if (room.machineIds && room.machineIds.length !== seats)
    ctx.addIssue({
      code: 'custom',
      path: ['machineIds'],
      message: `机器编号应有 ${seats} 个（每个座位一个），实际 ${room.machineIds.length} 个`,
    });
  if (room.machineIds && room.kind !== undefined && room.kind !== 'computer')
    ctx.addIssue({ code: 'custom', path: ['machineIds'], message: '只有机房的座位才有机器编号' });
}

export const createRoomRequestSchema = z
  .strictObject({
    name: z
      .string({ error: '请填写考场名称' })
      .trim()
      .min(1, { error: '请填写考场名称' })
      .max(40, { error: '考场名称不能超过 40 个字' }),
    kind: z.enum(ROOM_KINDS, { error: `考场类型应为 ${ROOM_KINDS.join('、')} 之一` }),
    ...roomLayoutShape,
  })
  .superRefine(checkLayout);

/** Re-lays a room's seats (only while no sitting has seated anyone in it). */
export const roomLayoutRequestSchema = z.strictObject(roomLayoutShape).superRefine(checkLayout);
export type RoomLayoutRequest = z.output<typeof roomLayoutRequestSchema>;
export type CreateRoomRequest = z.input<typeof createRoomRequestSchema>;

export const updateSeatRequestSchema = z
  .strictObject({
    spare: z.boolean({ error: 'spare 应为 true 或 false' }).optional(),
    disabled: z.boolean({ error: 'disabled 应为 true 或 false' }).optional(),
    /** null removes the machine id */
    machineId: machineIdSchema.nullable().optional(),
    reason: reasonSchema,
  })
  .refine((s) => s.spare !== undefined || s.disabled !== undefined || s.machineId !== undefined, {
    message: '请至少修改 spare、disabled、machineId 中的一项',
  })
  .refine((s) => !(s.spare === true && s.disabled === true), {
    message: '停用的座位不能同时作为备用座位',
    path: ['spare'],
  });
export type UpdateSeatRequest = z.infer<typeof updateSeatRequestSchema>;

export const markSpareSeatsRequestSchema = z.strictObject({
  count: z
    .number({ error: '备用座位数应为整数' })
    .int({ error: '备用座位数应为整数' })
    .min(0, { error: '备用座位数不能为负' })
    .max(MAX_SEATS_PER_ROOM, { error: `备用座位数不能超过 ${MAX_SEATS_PER_ROOM}` }),
  reason: reasonSchema,
});
export type MarkSpareSeatsRequest = z.infer<typeof markSpareSeatsRequestSchema>;

export interface VenueSummaryView {
  id: string;
  regionId: string;
  organisationId: string | null;
  organisationName: string | null;
  name: string;
  address: string | null;
  roomCount: number;
  /** usable seats of all rooms (not disabled) */
  capacity: number;
}

export interface RoomSummaryView {
  id: string;
  venueId: string;
  name: string;
  kind: RoomKind;
  /** usable seats: seats that are not disabled (the room's capacity column, kept in step) */
  capacity: number;
  rows: number | null;
  columns: number | null;
  seatCount: number;
  spareCount: number;
  disabledCount: number;
  /** usable seats that are not spare: what allocation may give */
  allocatable: number;
  spareSeats: number;
}

export interface VenueView extends Omit<VenueSummaryView, 'roomCount' | 'capacity'> {
  rooms: RoomSummaryView[];
}

export interface SeatView {
  id: string;
  row: number;
  column: number;
  label: string;
  machineId: string | null;
  spare: boolean;
  disabled: boolean;
}

export interface SeatMapView {
  room: RoomSummaryView;
  venue: { id: string; name: string };
  /** front to back, left to right */
  seats: SeatView[];
}
