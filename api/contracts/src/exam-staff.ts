import type { AttemptCloser, AttemptStatus } from './exam.js';

/** One candidate's attempt as the invigilator's console lists it (never the ID number). */
export interface SittingAttemptRow {
  attemptId: string;
  roomId: string;
  seatLabel: string;
  name: string;
  ticketNumber: string | null;
  status: AttemptStatus;
  startedAt: string | null;
  endsAt: string | null;
  /** time left at `serverNow` (the full time before the start, 0 once closed) */
  remainingMs: number;
  extraSeconds: number;
  lastSeq: number;
  answered: number;
  itemCount: number;
  screenSwitches: number;
  closedAt: string | null;
  closedBy: AttemptCloser | null;
  /** objective score in tenths, once closed */
  objectiveTenths: number | null;
}

export interface SittingAttemptsView {
  sittingId: string;
  serverNow: string;
  /** the rooms listed, with their start signal */
  rooms: { roomId: string; roomName: string; startedAt: string | null }[];
  attempts: SittingAttemptRow[];
}
