import type { ExamDayRoom } from '@exam/contracts';

/** 考场监控's day list: the server's rooms of today (GET /exam-day/rooms), grouped by sitting. */

export interface DaySitting {
  sittingId: string;
  sittingName: string;
  startsAt: string;
  endsAt: string;
  durationMinutes: number;
  sittingStatus: string;
  /** the user's own duty rooms first, then by name */
  rooms: ExamDayRoom[];
}

const byName = new Intl.Collator('zh-CN', { numeric: true });

/**
 * The rooms grouped by sitting, sittings by start time (then name), and within a sitting the rooms the user
 * is on duty in first, then by room name (第2考场 before 第10考场). Cancelled sittings are left out.
 */
export function sittingsOf(rooms: readonly ExamDayRoom[]): DaySitting[] {
  const sittings = new Map<string, DaySitting>();
  for (const room of rooms) {
    if (room.sittingStatus === 'cancelled') continue;
    let sitting = sittings.get(room.sittingId);
    if (!sitting) {
      sitting = {
        sittingId: room.sittingId,
        sittingName: room.sittingName,
        startsAt: room.startsAt,
        endsAt: room.endsAt,
        durationMinutes: room.durationMinutes,
        sittingStatus: room.sittingStatus,
        rooms: [],
      };
      sittings.set(room.sittingId, sitting);
    }
    sitting.rooms.push(room);
  }
  const list = [...sittings.values()];
  for (const s of list)
    s.rooms.sort((a, b) => Number(b.onDuty) - Number(a.onDuty) || byName.compare(a.roomName, b.roomName));
  return list.sort(
    (a, b) => a.startsAt.localeCompare(b.startsAt) || byName.compare(a.sittingName, b.sittingName),
  );
}

/** 「未开考 4 · 答题中 3 · 已暂停 1 · 已交卷 2」: the room's stages that have anyone, in exam order */
export function roomProgress(room: ExamDayRoom): string {
  const parts: [string, number][] = [
    ['未开考', room.notStarted],
    ['答题中', room.inProgress],
    ['已暂停', room.paused],
    ['已交卷', room.closed],
  ];
  return (
    parts
      .filter(([, n]) => n > 0)
      .map(([label, n]) => `${label} ${n}`)
      .join(' · ') || '—'
  );
}
