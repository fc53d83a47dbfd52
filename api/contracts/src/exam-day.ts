/** The proctor console's list page: today's sittings × rooms the caller may watch (Asia/Shanghai day). */
export interface ExamDayRoom {
  sittingId: string;
  sittingName: string;
  startsAt: string;
  endsAt: string;
  durationMinutes: number;
  sittingStatus: string;
  roomId: string;
  roomName: string;
  roomStartedAt: string | null;
  /** candidates with an attempt in the room, and how many of them are in each stage */
  candidates: number;
  notStarted: number;
  inProgress: number;
  paused: number;
  closed: number;
  /** the caller is on duty in this room (invigilator), rather than seeing it as office staff or admin */
  onDuty: boolean;
}

export interface ExamDayRoomsView {
  day: string;
  serverNow: string;
  rooms: ExamDayRoom[];
}
