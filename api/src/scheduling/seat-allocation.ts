/**
 * Seat allocation for one sitting: the approved candidates into the sitting's rooms, in one pure,
 * deterministic step (no database, no clock, no randomness). The service loads rooms, seats and the roster,
 * calls `allocateSeats`, and writes the result as SeatAssignment rows in one transaction.
 *
 * Rules:
 * - rooms are filled in the given order, each front to back, left to right;
 * - disabled seats are never used; spare seats are never given: a room keeps `spareSeats` seats free (its
 *   own number, else `options.spareSeatsPerRoom`), the seats marked spare first, then its last seats;
 * - candidates of one unit are kept apart: no two of a unit on adjacent seats (left/right, front/back)
 *   where another arrangement exists. Each seat goes to the unit with the most candidates still waiting that
 *   has no one on a neighbouring seat (a unit left alone at the end is what forces neighbours), then a repair
 *   pass swaps newly seated candidates to undo the adjacencies that remain where a swap removes them;
 * - when there are more candidates than seats, those last in `sortKey` order are not placed, and the report
 *   says how many seats are missing.
 *
 * Guarantees:
 * - the same input (rooms, seats, candidates, options — in any input order of candidates) gives the same
 *   output: every order is by stable keys compared by code unit;
 * - with `previous` (the sitting's current assignments), every candidate who is still on the roster and
 *   whose seat can still be given keeps that seat; only new candidates, and those whose seat became
 *   disabled, spare or left the sitting, are seated (and listed in `moved`). Adding one candidate then moves
 *   no one else; a withdrawn candidate's seat is given to a newcomer. A seated candidate is never unseated
 *   for a newcomer: when the rooms are full, the newcomer is reported as not placed. Without `previous`, the
 *   allocation is computed afresh: the same roster gives the same seats, but a changed roster may reseat
 *   others (which is why a re-run passes `previous`);
 * - unit separation is a heuristic, not an optimum (the tests check, on random inputs, that it never leaves
 *   more same-unit adjacencies than the plain in-order fill; the benchmark's 20,000 candidates end with
 *   none); the report counts the pairs that remain.
 */
import { ValidationFailed } from '../common/domain-errors.js';
import { UnitQueue, type UnitEntry } from './unit-queue.js';
import {
  compareStrings,
  countSameUnitAdjacencies,
  prepareRoom,
  type AllocationRoom,
  type AllocationSeat,
  type PreparedRoom,
} from './seat-map.js';

export type { AllocationRoom, AllocationSeat } from './seat-map.js';

export interface AllocationCandidate {
  applicationId: string;
  /** the candidate's unit (工作单位): candidates of one unit are kept apart */
  unitId: string;
  occupation?: string | null;
  level?: string | null;
  /** stable order among candidates, e.g. the application number */
  sortKey: string;
}

/** A seat the candidate already holds in this sitting (from an earlier run or a manual move). */
export interface PreviousAssignment {
  applicationId: string;
  roomId: string;
  seatId: string;
}

export interface AllocationOptions {
  /** spare seats to keep free per room (the policy's or the batch's setting); a room's own number wins */
  spareSeatsPerRoom?: number;
  /** room ids in the order to fill them; rooms not listed follow in their input order */
  roomOrder?: readonly string[];
  /** computer rooms for 人机对话: a seat without a machine id is not given */
  requireMachine?: boolean;
  /** the current assignments, kept where still valid (see Guarantees above) */
  previous?: readonly PreviousAssignment[];
  /** seat candidates of one occupation and level together (one after another), or all mixed */
  groupBy?: 'none' | 'occupation-level';
  /** false: seat candidates plainly in `sortKey` order (the baseline the benchmark compares with) */
  separateUnits?: boolean;
}

export interface SeatAssignmentResult {
  applicationId: string;
  roomId: string;
  seatId: string;
  label: string;
  row: number;
  column: number;
  /** kept from `previous` */
  kept: boolean;
}

export type NotPlacedCode = 'no_seat' | 'duplicate';

export interface NotPlaced {
  applicationId: string;
  code: NotPlacedCode;
  reason: string;
}

export interface MovedCandidate {
  applicationId: string;
  fromRoomId: string;
  fromSeatId: string;
  /** the new seat, or null when the candidate could not be placed again */
  toSeatId: string | null;
  reason: string;
}

export interface RoomFill {
  roomId: string;
  name: string;
  seats: number;
  disabled: number;
  /** seats kept free as spare seats */
  keptFree: number;
  withoutMachine: number;
  /** spare seats the room should keep but has not */
  spareShortfall: number;
  /** seats candidates may take */
  usable: number;
  assigned: number;
  free: number;
}

export interface AllocationResult {
  /** in room order, then seat order */
  assignments: SeatAssignmentResult[];
  notPlaced: NotPlaced[];
  moved: MovedCandidate[];
  rooms: RoomFill[];
  summary: {
    candidates: number;
    placed: number;
    notPlaced: number;
    kept: number;
    capacity: number;
    /** adjacent pairs of seats held by two candidates of the same unit */
    sameUnitAdjacencies: number;
    /** swaps made by the repair pass */
    repairSwaps: number;
  };
  /** the report, in Chinese, one line per finding */
  messages: string[];
}

/** One seat that can be given in this run. */
interface Slot {
  room: number;
  seat: AllocationSeat;
  candidate: AllocationCandidate | null;
  kept: boolean;
  group: string;
}

const GRID = 65_536;
const NO_UNITS: ReadonlySet<string> = new Set();

function candidateOrder(a: AllocationCandidate, b: AllocationCandidate): number {
  return compareStrings(a.sortKey, b.sortKey) || compareStrings(a.applicationId, b.applicationId);
}

function groupOf(candidate: AllocationCandidate, groupBy: AllocationOptions['groupBy']): string {
  return groupBy === 'occupation-level' ? `${candidate.occupation ?? ''}\u0000${candidate.level ?? ''}` : '';
}

function orderRooms(rooms: readonly AllocationRoom[], roomOrder?: readonly string[]): AllocationRoom[] {
  const ids = new Set<string>();
  const seatIds = new Set<string>();
  for (const room of rooms) {
    if (ids.has(room.id)) throw new ValidationFailed(`考场重复：${room.id}`);
    ids.add(room.id);
    const positions = new Set<number>();
    for (const seat of room.seats) {
      if (seatIds.has(seat.id)) throw new ValidationFailed(`座位重复：${seat.id}`);
      seatIds.add(seat.id);
      if (!Number.isInteger(seat.row) || !Number.isInteger(seat.column) || seat.row < 1 || seat.column < 1) {
        throw new ValidationFailed(`座位 ${seat.label} 的行列号无效`);
      }
      if (seat.row >= GRID || seat.column >= GRID)
        throw new ValidationFailed(`座位 ${seat.label} 的行列号过大`);
      const position = seat.row * GRID + seat.column;
      if (positions.has(position)) {
        throw new ValidationFailed(
          `考场 ${room.name ?? room.id} 第 ${seat.row} 排第 ${seat.column} 列有两个座位`,
        );
      }
      positions.add(position);
    }
  }
  if (!roomOrder) return [...rooms];
  const rank = new Map<string, number>();
  roomOrder.forEach((id, i) => {
    if (!rank.has(id)) rank.set(id, i);
  });
  return rooms
    .map((room, i) => ({ room, key: rank.get(room.id) ?? roomOrder.length + i }))
    .sort((a, b) => a.key - b.key)
    .map((r) => r.room);
}

export function allocateSeats(
  rooms: readonly AllocationRoom[],
  candidates: readonly AllocationCandidate[],
  options: AllocationOptions = {},
): AllocationResult {
  const spareDefault = options.spareSeatsPerRoom ?? 0;
  const separate = options.separateUnits ?? true;
  const ordered = orderRooms(rooms, options.roomOrder);
  const prepared: PreparedRoom[] = ordered.map((room) =>
    prepareRoom(room, room.spareSeats ?? spareDefault, options.requireMachine ?? false),
  );

  // every seat that can be given, in fill order; a grid per room to find neighbours
  const slots: Slot[] = [];
  const slotOfSeat = new Map<string, number>();
  const grids: Map<number, number>[] = [];
  prepared.forEach((room, r) => {
    const grid = new Map<number, number>();
    for (const seat of room.usable) {
      grid.set(seat.row * GRID + seat.column, slots.length);
      slotOfSeat.set(seat.id, slots.length);
      slots.push({ room: r, seat, candidate: null, kept: false, group: '' });
    }
    grids.push(grid);
  });
  const why = whyNotUsable(ordered, prepared, options.requireMachine ?? false);

  // the roster, in stable order, without duplicates
  const sorted = [...candidates].sort(candidateOrder);
  const notPlaced: NotPlaced[] = [];
  const roster: AllocationCandidate[] = [];
  const seen = new Set<string>();
  for (const candidate of sorted) {
    if (seen.has(candidate.applicationId)) {
      notPlaced.push({
        applicationId: candidate.applicationId,
        code: 'duplicate',
        reason: '重复的考生：只安排一次',
      });
      continue;
    }
    seen.add(candidate.applicationId);
    roster.push(candidate);
  }
  const onRoster = new Map(roster.map((c) => [c.applicationId, c]));

  // keep the seats of `previous` that can still be given
  const moved: MovedCandidate[] = [];
  const keptIds = new Set<string>();
  const previous = [...(options.previous ?? [])].sort(
    (a, b) => compareStrings(a.applicationId, b.applicationId) || compareStrings(a.seatId, b.seatId),
  );
  for (const prev of previous) {
    const candidate = onRoster.get(prev.applicationId);
    if (!candidate || keptIds.has(prev.applicationId)) continue;
    const index = slotOfSeat.get(prev.seatId);
    const slot = index === undefined ? undefined : slots[index];
    let reason: string | null = null;
    if (!slot) reason = why.get(prev.seatId) ?? '原座位不在本场次的考场中';
    else if (ordered[slot.room]!.id !== prev.roomId) reason = '原座位不在原考场中';
    else if (slot.candidate) reason = '原座位已安排给其他考生';
    if (reason || !slot) {
      moved.push({
        applicationId: prev.applicationId,
        fromRoomId: prev.roomId,
        fromSeatId: prev.seatId,
        toSeatId: null,
        reason: reason ?? '',
      });
      continue;
    }
    slot.candidate = candidate;
    slot.kept = true;
    slot.group = groupOf(candidate, options.groupBy);
    keptIds.add(prev.applicationId);
  }

  // who still needs a seat; when seats run short, those last in order wait
  const waiting = roster.filter((c) => !keptIds.has(c.applicationId));
  const freeSlots = slots.length - keptIds.size;
  const shortage = Math.max(0, waiting.length - freeSlots);
  const toSeat = shortage > 0 ? waiting.slice(0, freeSlots) : waiting;
  for (const candidate of waiting.slice(toSeat.length)) {
    notPlaced.push({
      applicationId: candidate.applicationId,
      code: 'no_seat',
      reason: `考场座位不足：还差 ${shortage} 个座位`,
    });
  }

  // seat them group by group, each group from the next free seat on
  const groups = new Map<string, AllocationCandidate[]>();
  for (const candidate of toSeat) {
    const key = groupOf(candidate, options.groupBy);
    let list = groups.get(key);
    if (!list) groups.set(key, (list = []));
    list.push(candidate);
  }
  const neighbourUnits = (index: number): Set<string> => {
    const slot = slots[index]!;
    const grid = grids[slot.room]!;
    const { row, column } = slot.seat;
    const units = new Set<string>();
    for (const key of [
      row * GRID + column - 1,
      row * GRID + column + 1,
      (row - 1) * GRID + column,
      (row + 1) * GRID + column,
    ]) {
      const other = grid.get(key);
      const unit = other === undefined ? undefined : slots[other]!.candidate?.unitId;
      if (unit !== undefined) units.add(unit);
    }
    return units;
  };
  let cursor = 0;
  for (const key of [...groups.keys()].sort(compareStrings)) {
    const members = groups.get(key)!;
    const next = separate ? unitQueue(members) : inOrder(members);
    for (let placed = 0; placed < members.length; placed++) {
      while (slots[cursor]!.candidate) cursor++;
      const taken = next(separate ? neighbourUnits(cursor) : NO_UNITS)!;
      const slot = slots[cursor]!;
      slot.candidate = taken;
      slot.group = key;
    }
  }
  const repairSwaps = separate ? repair(slots, neighbourUnits) : 0;

  // the result
  const assignments: SeatAssignmentResult[] = [];
  const assignedPerRoom = prepared.map(() => 0);
  for (const slot of slots) {
    if (!slot.candidate) continue;
    assignedPerRoom[slot.room]!++;
    assignments.push({
      applicationId: slot.candidate.applicationId,
      roomId: ordered[slot.room]!.id,
      seatId: slot.seat.id,
      label: slot.seat.label,
      row: slot.seat.row,
      column: slot.seat.column,
      kept: slot.kept,
    });
  }
  const newSeat = new Map(assignments.map((a) => [a.applicationId, a.seatId]));
  for (const m of moved) m.toSeatId = newSeat.get(m.applicationId) ?? null;
  const roomFills: RoomFill[] = prepared.map((room, r) => ({
    roomId: room.id,
    name: room.name,
    seats: room.seatCount,
    disabled: room.disabled,
    keptFree: room.keptFree.length,
    withoutMachine: room.withoutMachine,
    spareShortfall: room.spareShortfall,
    usable: room.usable.length,
    assigned: assignedPerRoom[r]!,
    free: room.usable.length - assignedPerRoom[r]!,
  }));
  const unitOf = new Map(roster.map((c) => [c.applicationId, c.unitId]));
  const sameUnitAdjacencies = countSameUnitAdjacencies(
    assignments.map((a) => ({
      roomId: a.roomId,
      row: a.row,
      column: a.column,
      unitId: unitOf.get(a.applicationId)!,
    })),
  );
  const summary = {
    candidates: roster.length,
    placed: assignments.length,
    notPlaced: roster.length - assignments.length,
    kept: keptIds.size,
    capacity: slots.length,
    sameUnitAdjacencies,
    repairSwaps,
  };
  return {
    assignments,
    notPlaced,
    moved,
    rooms: roomFills,
    summary,
    messages: report(summary, shortage, notPlaced, moved, roomFills),
  };
}

/** The plain baseline: candidates in `sortKey` order, seat after seat (same rooms, same spare seats). */
export function naiveAllocateSeats(
  rooms: readonly AllocationRoom[],
  candidates: readonly AllocationCandidate[],
  options: AllocationOptions = {},
): AllocationResult {
  return allocateSeats(rooms, candidates, { ...options, separateUnits: false });
}

function unitQueue(
  members: AllocationCandidate[],
): (avoid: ReadonlySet<string>) => AllocationCandidate | undefined {
  const byUnit = new Map<string, AllocationCandidate[]>();
  for (const candidate of members) {
    let list = byUnit.get(candidate.unitId);
    if (!list) byUnit.set(candidate.unitId, (list = []));
    list.push(candidate);
  }
  const entries: UnitEntry<AllocationCandidate>[] = [...byUnit.keys()]
    .sort(compareStrings)
    .map((unitId, rank) => ({ unitId, rank, waiting: byUnit.get(unitId)!, next: 0 }));
  const queue = new UnitQueue(entries);
  return (avoid) => queue.take(avoid)?.candidate;
}

function inOrder(members: AllocationCandidate[]): () => AllocationCandidate | undefined {
  let i = 0;
  return () => members[i++];
}

/**
 * Undo the adjacencies the greedy fill left: for each newly seated candidate with a colleague next to them,
 * swap with another newly seated candidate of the same group when neither ends up next to a colleague. Each
 * swap removes at least one adjacency and adds none. Kept seats (from `previous`) are never moved.
 */
function repair(slots: Slot[], neighbourUnits: (index: number) => Set<string>): number {
  let swaps = 0;
  // bounded work: a fill that cannot be improved does not loop over every pair
  let budget = 20_000_000;
  for (let s = 0; s < slots.length && budget > 0; s++) {
    const a = slots[s]!;
    if (!a.candidate || a.kept || !neighbourUnits(s).has(a.candidate.unitId)) continue;
    const u = a.candidate;
    for (let t = 0; t < slots.length && budget > 0; t++) {
      budget--;
      const b = slots[t]!;
      if (t === s || !b.candidate || b.kept || b.group !== a.group || b.candidate.unitId === u.unitId)
        continue;
      const v = b.candidate;
      // try the swap, check both places, undo if either has a colleague next to it
      a.candidate = v;
      b.candidate = u;
      if (!neighbourUnits(t).has(u.unitId) && !neighbourUnits(s).has(v.unitId)) {
        swaps++;
        break;
      }
      a.candidate = u;
      b.candidate = v;
    }
  }
  return swaps;
}

function whyNotUsable(
  rooms: readonly AllocationRoom[],
  prepared: readonly PreparedRoom[],
  requireMachine: boolean,
): Map<string, string> {
  const why = new Map<string, string>();
  rooms.forEach((room, r) => {
    const keptFree = new Set(prepared[r]!.keptFree.map((s) => s.id));
    for (const seat of room.seats) {
      if (seat.disabled) why.set(seat.id, `座位 ${seat.label} 已停用`);
      else if (requireMachine && !seat.machineId) why.set(seat.id, `座位 ${seat.label} 没有登记机器`);
      else if (keptFree.has(seat.id)) why.set(seat.id, `座位 ${seat.label} 留作备用座位`);
    }
  });
  return why;
}

function report(
  summary: AllocationResult['summary'],
  shortage: number,
  notPlaced: readonly NotPlaced[],
  moved: readonly MovedCandidate[],
  rooms: readonly RoomFill[],
): string[] {
  const lines = [
    `共 ${summary.candidates} 名考生，已安排 ${summary.placed} 名` +
      (summary.kept > 0 ? `（保留原座位 ${summary.kept} 名）` : '') +
      '，' +
      `${rooms.length} 个考场共 ${summary.capacity} 个可用座位`,
  ];
  if (shortage > 0) lines.push(`考场座位不足：还差 ${shortage} 个座位，${shortage} 名考生未安排`);
  const duplicates = notPlaced.filter((n) => n.code === 'duplicate').length;
  if (duplicates > 0) lines.push(`名单中有 ${duplicates} 条重复的考生，已只安排一次`);
  if (moved.length > 0) lines.push(`${moved.length} 名考生的原座位不能再用，已重新安排`);
  for (const room of rooms) {
    if (room.spareShortfall > 0) {
      lines.push(`考场 ${room.name} 座位不够留足备用座位：还差 ${room.spareShortfall} 个`);
    }
  }
  if (summary.sameUnitAdjacencies > 0) {
    lines.push(`有 ${summary.sameUnitAdjacencies} 对同单位考生座位相邻（未能再分开）`);
  }
  return lines;
}
