/**
 * Seat maps for allocation: which seats of a room candidates may take, which stay free as spare seats, and
 * who sits next to whom. Pure: no database, no clock.
 */

/** One seat of a room's seat map (rows front to back, columns left to right, both 1-based). */
export interface AllocationSeat {
  id: string;
  row: number;
  column: number;
  label: string;
  machineId?: string | null;
  /** marked as a spare (backup) seat: never given at allocation */
  spare?: boolean;
  /** out of use (e.g. a broken machine): never given */
  disabled?: boolean;
}

export interface AllocationRoom {
  id: string;
  name?: string;
  seats: readonly AllocationSeat[];
  /** spare seats to keep free in this room; overrides the allocation's `spareSeatsPerRoom` */
  spareSeats?: number | null;
}

/** A room prepared for allocation: the seats it gives, in fill order, and the seats it keeps free. */
export interface PreparedRoom {
  id: string;
  name: string;
  /** seats candidates may take, front to back, left to right */
  usable: AllocationSeat[];
  /** seats kept free as spare seats (marked spare ones first, then the last usable ones) */
  keptFree: AllocationSeat[];
  disabled: number;
  /** seats without a machine in a room that needs one (not given) */
  withoutMachine: number;
  /** spare seats the room should keep but cannot (fewer seats than that) */
  spareShortfall: number;
  seatCount: number;
}

/** Code-unit order: the same everywhere (no locale, no ICU). */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function compareSeats(a: AllocationSeat, b: AllocationSeat): number {
  return a.row - b.row || a.column - b.column || compareStrings(a.id, b.id);
}

export function positionKey(row: number, column: number): string {
  return `${row}:${column}`;
}

/** The four seats that count as adjacent: left, right, in front, behind. */
export function neighbourPositions(row: number, column: number): [number, number][] {
  return [
    [row, column - 1],
    [row, column + 1],
    [row - 1, column],
    [row + 1, column],
  ];
}

/**
 * Splits a room's seats into those candidates may take and those kept free. Disabled seats are never used.
 * `spareRequired` seats stay free: the seats marked spare count first; when fewer are marked, the last
 * seats in fill order (back row, right-hand side) are kept free as well.
 */
export function prepareRoom(
  room: AllocationRoom,
  spareRequired: number,
  requireMachine = false,
): PreparedRoom {
  const seats = [...room.seats].sort(compareSeats);
  let disabled = 0;
  let withoutMachine = 0;
  const markedSpare: AllocationSeat[] = [];
  const open: AllocationSeat[] = [];
  for (const seat of seats) {
    if (seat.disabled) disabled++;
    else if (requireMachine && !seat.machineId) withoutMachine++;
    else if (seat.spare) markedSpare.push(seat);
    else open.push(seat);
  }
  const required = Math.max(0, Math.floor(spareRequired));
  const extra = Math.min(open.length, Math.max(0, required - markedSpare.length));
  const usable = open.slice(0, open.length - extra);
  const keptFree = [...markedSpare, ...open.slice(open.length - extra)];
  return {
    id: room.id,
    name: room.name ?? room.id,
    usable,
    keptFree,
    disabled,
    withoutMachine,
    spareShortfall: Math.max(0, required - keptFree.length),
    seatCount: seats.length,
  };
}

/** Where a candidate sits, as far as adjacency is concerned. */
export interface PlacedSeat {
  roomId: string;
  row: number;
  column: number;
  unitId: string;
}

/**
 * Number of adjacent seat pairs (left/right or front/back, same room) taken by two candidates of the same
 * unit. Each pair counts once.
 */
export function countSameUnitAdjacencies(placed: Iterable<PlacedSeat>): number {
  const byRoom = new Map<string, Map<string, string>>();
  const all: PlacedSeat[] = [];
  for (const p of placed) {
    let grid = byRoom.get(p.roomId);
    if (!grid) byRoom.set(p.roomId, (grid = new Map()));
    grid.set(positionKey(p.row, p.column), p.unitId);
    all.push(p);
  }
  let count = 0;
  for (const p of all) {
    const grid = byRoom.get(p.roomId)!;
    // right and behind only, so that each pair is counted once
    if (grid.get(positionKey(p.row, p.column + 1)) === p.unitId) count++;
    if (grid.get(positionKey(p.row + 1, p.column)) === p.unitId) count++;
  }
  return count;
}

/** A rectangular seat map: labels "RR-CC" (e.g. "03-05"), as a room is usually set up. */
export function gridSeats(
  roomId: string,
  rows: number,
  columns: number,
  options: { spare?: (row: number, column: number) => boolean; machines?: boolean } = {},
): AllocationSeat[] {
  const seats: AllocationSeat[] = [];
  for (let row = 1; row <= rows; row++) {
    for (let column = 1; column <= columns; column++) {
      const label = `${String(row).padStart(2, '0')}-${String(column).padStart(2, '0')}`;
      seats.push({
        id: `${roomId}/${label}`,
        row,
        column,
        label,
        machineId: options.machines ? `${roomId}-PC${label}` : null,
        spare: options.spare?.(row, column) ?? false,
        disabled: false,
      });
    }
  }
  return seats;
}
