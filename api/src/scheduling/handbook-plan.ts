import { createHash } from 'node:crypto';

/**
 * The plan a 考务手册 shows — the batch's live sittings with their rooms, seat maps, seated candidates (and
 * ticket numbers) and invigilators — and its fingerprint. Each published version keeps one hash per sitting;
 * when today's hashes differ, the handbook is outdated and `planChanges` says which sittings changed.
 * Statuses are left out (opening a sitting does not outdate the handbook). Pure.
 */

export interface PlanSeat {
  id: string;
  row: number;
  column: number;
  label: string;
  spare: boolean;
  disabled: boolean;
}

export interface PlanCandidate {
  seatId: string;
  applicationId: string;
  applicationNumber: string;
  name: string;
  /** the full number; printed masked */
  idNumber: string;
  ticketNumber: string | null;
}

export interface PlanInvigilator {
  userId: string;
  displayName: string;
  chief: boolean;
}

export interface PlanRoom {
  roomId: string;
  name: string;
  venueName: string;
  position: number;
  /** the seat map's size (null: taken from the seats) */
  rows: number | null;
  columns: number | null;
  seats: PlanSeat[];
  invigilators: PlanInvigilator[];
  candidates: PlanCandidate[];
}

export interface PlanSitting {
  id: string;
  name: string;
  component: string;
  subject: string | null;
  occupationId: string | null;
  occupationName: string | null;
  level: string | null;
  startsAt: Date;
  endsAt: Date;
  status: string;
  rooms: PlanRoom[];
}

export interface PlanFingerprint {
  planHash: string;
  sittingHashes: Record<string, string>;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const byString = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The fingerprint of one sitting: everything the handbook prints about it, in a fixed order. */
export function sittingHash(s: PlanSitting): string {
  const rooms = [...s.rooms]
    .sort((a, b) => a.position - b.position || byString(a.roomId, b.roomId))
    .map((r) => [
      r.roomId,
      r.name,
      r.venueName,
      r.position,
      r.rows,
      r.columns,
      [...r.seats]
        .sort((a, b) => byString(a.id, b.id))
        .map((x) => [x.id, x.row, x.column, x.label, x.spare, x.disabled]),
      [...r.invigilators].sort((a, b) => byString(a.userId, b.userId)).map((i) => [i.userId, i.chief]),
      [...r.candidates]
        .sort((a, b) => byString(a.seatId, b.seatId))
        .map((c) => [c.seatId, c.applicationId, c.ticketNumber]),
    ]);
  return sha256(
    JSON.stringify([
      s.id,
      s.name,
      s.component,
      s.subject,
      s.occupationId,
      s.level,
      s.startsAt.toISOString(),
      s.endsAt.toISOString(),
      rooms,
    ]),
  );
}

export function fingerprint(sittings: readonly PlanSitting[]): PlanFingerprint {
  const sittingHashes: Record<string, string> = {};
  for (const s of [...sittings].sort((a, b) => byString(a.id, b.id))) sittingHashes[s.id] = sittingHash(s);
  return { planHash: planHashOf(sittingHashes), sittingHashes };
}

export function planHashOf(sittingHashes: Record<string, string>): string {
  const entries = Object.entries(sittingHashes).sort(([a], [b]) => byString(a, b));
  return sha256(JSON.stringify(entries));
}

/** What changed between a published version's hashes and today's plan, as sentences (empty: nothing). */
export function planChanges(
  published: Record<string, string>,
  publishedNames: Record<string, string>,
  now: readonly PlanSitting[],
): string[] {
  const out: string[] = [];
  const current = new Map(now.map((s) => [s.id, s]));
  for (const s of now) {
    const before = published[s.id];
    if (before === undefined) out.push(`新增场次「${s.name}」`);
    else if (before !== sittingHash(s)) out.push(`场次「${s.name}」的时间、考场、座位、考生或监考安排有变更`);
  }
  for (const id of Object.keys(published))
    if (!current.has(id)) out.push(`场次「${publishedNames[id] ?? id}」已取消`);
  return out;
}

export interface PlanSummary {
  sittings: number;
  rooms: number;
  candidates: number;
}

export function planSummary(sittings: readonly PlanSitting[]): PlanSummary {
  const rooms = new Set<string>();
  const candidates = new Set<string>();
  for (const s of sittings)
    for (const r of s.rooms) {
      rooms.add(r.roomId);
      for (const c of r.candidates) candidates.add(c.applicationId);
    }
  return { sittings: sittings.length, rooms: rooms.size, candidates: candidates.size };
}
