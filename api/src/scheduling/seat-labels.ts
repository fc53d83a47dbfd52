/**
 * The seats of a new room's seat map: labels as printed on the seat and the 准考证 ("03-05": row 3, column 5),
 * machine ids for computer rooms ("<room>-PC01", numbered in seat order), and which seats start as spares.
 * Pure: no database.
 */

export interface NewSeat {
  row: number;
  column: number;
  label: string;
  machineId: string | null;
  spare: boolean;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

export function seatLabel(row: number, column: number): string {
  return `${pad(row)}-${pad(column)}`;
}

/**
 * `<room>-PC01` … numbered front to back, left to right; three digits when the room has over 99 seats. Blanks
 * and slashes of the room name are left out (a machine id has none).
 */
export function defaultMachineId(roomName: string, index: number, seatCount: number): string {
  const prefix = roomName.replace(/[\s/\\]+/g, '');
  return `${prefix}-PC${pad(index + 1, seatCount > 99 ? 3 : 2)}`;
}

/** The first value that occurs more than once, or null. */
export function firstDuplicate(values: readonly string[]): string | null {
  const seen = new Set<string>();
  for (const v of values) {
    if (seen.has(v)) return v;
    seen.add(v);
  }
  return null;
}

/**
 * The seat map of rows × columns in seat order; the last `spareSeats` seats are spares (the back of the
 * room, where a candidate can be moved without disturbing others).
 */
export function buildSeatMap(options: {
  roomName: string;
  computer: boolean;
  rows: number;
  columns: number;
  spareSeats: number;
  machineIds?: readonly string[] | undefined;
}): NewSeat[] {
  const count = options.rows * options.columns;
  const seats: NewSeat[] = [];
  for (let row = 1; row <= options.rows; row++) {
    for (let column = 1; column <= options.columns; column++) {
      const index = seats.length;
      seats.push({
        row,
        column,
        label: seatLabel(row, column),
        machineId: options.computer
          ? (options.machineIds?.[index] ?? defaultMachineId(options.roomName, index, count))
          : null,
        spare: index >= count - options.spareSeats,
      });
    }
  }
  return seats;
}

/** The ids of the last `count` usable (not disabled) seats in seat order: the ones to mark spare. */
export function lastUsableSeats(
  seats: readonly { id: string; row: number; column: number; disabled: boolean }[],
  count: number,
): string[] {
  if (count <= 0) return [];
  return [...seats]
    .filter((s) => !s.disabled)
    .sort((a, b) => a.row - b.row || a.column - b.column)
    .slice(-count)
    .map((s) => s.id);
}
