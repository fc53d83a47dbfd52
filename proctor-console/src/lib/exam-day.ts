import { shanghaiDay, type SittingRoomView, type SittingView } from '@exam/contracts';

/** 考场监控's day list: the sittings of one Beijing day and the rooms a user may watch in them. */

/** the sittings that start on `day` (YYYY-MM-DD, Asia/Shanghai), cancelled ones left out, by start time */
export function sittingsOfDay(sittings: readonly SittingView[], day: string): SittingView[] {
  return sittings
    .filter((s) => s.status !== 'cancelled' && shanghaiDay(s.startsAt) === day)
    .sort((a, b) => a.startsAt.localeCompare(b.startsAt) || a.name.localeCompare(b.name));
}

export interface DayRoom {
  room: SittingRoomView;
  /** the user is on this room's duty roster */
  onDuty: boolean;
}

/**
 * The rooms of a sitting as the server returned them, the user's own duty rooms first. (The server gives
 * an invigilator only the sittings they watch; a room they are not listed in may still be theirs through
 * the room's standing roster, so it is not hidden — watching it is checked by the server.)
 */
export function roomsOf(sitting: SittingView, userId: string): DayRoom[] {
  return sitting.rooms
    .map((room) => ({ room, onDuty: room.invigilators.some((i) => i.userId === userId) }))
    .sort((a, b) => Number(b.onDuty) - Number(a.onDuty) || a.room.position - b.room.position);
}
