/**
 * 换座: the invigilator moves the candidate to a spare seat; the server sends the old machine the notice
 * 「请到 X 号座位的考试机上重新登录，继续作答」 and then revokes its login. The client keeps the seat from the
 * notice, so that the revoked login explains itself instead of reading as a generic error.
 */

const SEAT_MOVE = /请到\s*(\S+?)\s*号座位的考试机上重新登录/;

/** how long after the notice a revoked login is read as the seat move */
export const SEAT_MOVE_WINDOW_MS = 10 * 60_000;

/** the seat label of a seat-move notice, or null for any other message */
export function seatMoveTarget(message: string): string | null {
  return SEAT_MOVE.exec(message)?.[1] ?? null;
}

export interface PendingMove {
  seatLabel: string;
  /** epoch ms when the notice arrived */
  at: number;
}

/** the stored move, when it is recent enough to explain a revoked login now */
export function recentMove(stored: string | null, nowMs: number): PendingMove | null {
  if (!stored) return null;
  try {
    const move = JSON.parse(stored) as Partial<PendingMove>;
    if (typeof move.seatLabel !== 'string' || !move.seatLabel || typeof move.at !== 'number') return null;
    const age = nowMs - move.at;
    return age >= 0 && age <= SEAT_MOVE_WINDOW_MS ? { seatLabel: move.seatLabel, at: move.at } : null;
  } catch {
    return null;
  }
}
