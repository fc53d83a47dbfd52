import {
  formatShanghai,
  type ApiClient,
  type BatchView,
  type SittingComponent,
  type SittingView,
} from '@exam/contracts';

/** Helpers of the scheduling pages (batches, venues, sittings, seat plans, 准考证). */

/** `2026-05-10T09:00` (Beijing wall clock, as a datetime-local input holds it) from an instant. */
export function toLocalInput(iso: string): string {
  return formatShanghai(iso).slice(0, 16).replace(' ', 'T');
}

/** The instant of a Beijing wall-clock datetime-local value, as ISO with +08:00; '' when empty. */
export function fromLocalInput(value: string): string {
  if (!value) return '';
  const withSeconds = value.length === 16 ? `${value}:00` : value;
  return `${withSeconds}+08:00`;
}

/** YYYY-MM-DD in Beijing. */
export function dayOf(iso: string | Date): string {
  return formatShanghai(iso).slice(0, 10);
}

/** HH:MM in Beijing. */
export function clockOf(iso: string | Date): string {
  return formatShanghai(iso).slice(11, 16);
}

/** Minutes since Beijing midnight. */
export function minuteOfDay(iso: string | Date): number {
  const [h = '0', m = '0'] = clockOf(iso).split(':');
  return Number(h) * 60 + Number(m);
}

/** A day (YYYY-MM-DD) plus n days. */
export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** The Monday of the week a day is in. */
export function mondayOf(day: string): string {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return addDays(day, weekday === 0 ? -6 : 1 - weekday);
}

const WEEKDAYS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];
export function weekdayOf(day: string): string {
  return WEEKDAYS[new Date(`${day}T00:00:00Z`).getUTCDay()] ?? '';
}

/** 5月10日 */
export function shortDay(day: string): string {
  return `${Number(day.slice(5, 7))}月${Number(day.slice(8, 10))}日`;
}

/** Short component names for calendar blocks and legends. */
export const COMPONENT_SHORT: Record<SittingComponent, string> = {
  theory: '理论',
  practical: '实操',
  committee_review: '综合评审',
};

export const SITTING_STATUS_LABELS: Record<string, string> = {
  draft: '未发布',
  published: '已发布',
  open: '已开考',
  in_progress: '进行中',
  closed: '已结束',
  finished: '已结束',
  cancelled: '已取消',
};

export function sittingStatusLabel(status: string): string {
  return SITTING_STATUS_LABELS[status] ?? status;
}

/** A sitting the office may still change (the API refuses changes once it opened or was cancelled). */
export function sittingEditable(sitting: Pick<SittingView, 'status'>): boolean {
  return sitting.status === 'draft' || sitting.status === 'published';
}

/** The batch to show: the one in the query, else the first open one, else the newest. */
export function pickBatch(batches: readonly BatchView[], wanted: string | undefined): BatchView | undefined {
  return (
    batches.find((b) => b.id === wanted || b.code === wanted) ??
    batches.find((b) => b.status === 'open') ??
    batches.at(-1)
  );
}

/** Who sits where in a sitting (GET /api/sittings/:id/assignments). */
export type { SeatAssignmentView } from '@exam/contracts';

/** A candidate on the seat plan: seated (roomId/seatId set) or waiting for a seat. */
export interface PlanCandidate {
  applicationId: string;
  applicationNumber: string;
  personName: string;
  organisationId: string;
  organisationName: string;
  ticketNumber: string | null;
  roomId: string | null;
  seatId: string | null;
  reason: string | null;
}

/** Every page of a paged list (the API caps pages at 200 items). */
export async function allPages<T>(
  api: ApiClient,
  path: string,
  query: Record<string, string | number | undefined>,
  limit = 2000,
): Promise<T[]> {
  const items: T[] = [];
  for (let page = 1; ; page++) {
    const result = await api.get<{ items: T[]; total: number }>(path, { ...query, page, pageSize: 200 });
    items.push(...result.items);
    if (result.items.length < 200 || items.length >= result.total || items.length >= limit) return items;
  }
}

/**
 * The seats a room keeps free in a sitting, as the server's allocator counts them: seats marked spare
 * first, then the last usable seats (back row, right-hand side) until `spareRequired` are kept. Disabled
 * seats, and in 人机对话 sittings seats without a machine, are never given.
 */
export function keptFreeSeats<
  S extends {
    id: string;
    row: number;
    column: number;
    spare: boolean;
    disabled: boolean;
    machineId: string | null;
  },
>(
  seats: readonly S[],
  spareRequired: number,
  requireMachine: boolean,
): { keptFree: Set<string>; unusable: Set<string> } {
  const sorted = [...seats].sort((a, b) => a.row - b.row || a.column - b.column);
  const unusable = new Set<string>();
  const marked: string[] = [];
  const open: string[] = [];
  for (const seat of sorted) {
    if (seat.disabled || (requireMachine && !seat.machineId)) unusable.add(seat.id);
    else if (seat.spare) marked.push(seat.id);
    else open.push(seat.id);
  }
  const extra = Math.min(open.length, Math.max(0, Math.floor(spareRequired) - marked.length));
  return { keptFree: new Set([...marked, ...open.slice(open.length - extra)]), unusable };
}

/** Seat ids whose occupant has a colleague of the same unit on a seat left, right, in front or behind. */
export function sameUnitNeighbours(
  seats: readonly { id: string; row: number; column: number }[],
  unitOf: (seatId: string) => string | undefined,
): Set<string> {
  const at = new Map(seats.map((s) => [`${s.row}:${s.column}`, s.id]));
  const result = new Set<string>();
  for (const seat of seats) {
    const unit = unitOf(seat.id);
    if (!unit) continue;
    for (const [r, c] of [
      [seat.row, seat.column - 1],
      [seat.row, seat.column + 1],
      [seat.row - 1, seat.column],
      [seat.row + 1, seat.column],
    ] as const) {
      const other = at.get(`${r}:${c}`);
      if (other && unitOf(other) === unit) result.add(seat.id);
    }
  }
  return result;
}
