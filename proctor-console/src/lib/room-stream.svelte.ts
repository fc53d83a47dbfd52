import {
  PROCTOR_NAMESPACE,
  type IncidentView,
  type ProctorActionRequest,
  type ProctorActionResult,
  type ProctorClientToServerEvents,
  type ProctorServerToClientEvents,
  type RoomEvent,
  type RoomWatchAck,
} from '@exam/contracts';
import { io, type Socket } from 'socket.io-client';
import { fromSnapshot, mergeEvents, serverOffset, upsertIncidents, type RoomState } from './room-model';

export type ProctorSocket = Socket<ProctorServerToClientEvents, ProctorClientToServerEvents>;

/** connecting: first connection; live: watching; reconnecting: lost, retrying; refused: the server said no */
export type Connection = 'connecting' | 'live' | 'reconnecting' | 'refused';

/** The /proctor namespace with the console's session token (read again on each reconnect), websocket only. */
export function openProctorSocket(getToken: () => string | null, origin = location.origin): ProctorSocket {
  return io(origin + PROCTOR_NAMESPACE, {
    auth: (cb) => cb({ token: getToken() }),
    transports: ['websocket'],
    reconnectionDelay: 1000,
    reconnectionDelayMax: 5000,
    randomizationFactor: 0.5,
  });
}

const WATCH_TIMEOUT_MS = 10_000;
/**
 * With several API processes, events of one room are numbered in one sequence but travel different ways
 * (this process, or another through Redis), so one may arrive a moment before the one numbered just before
 * it: a gap waits this long for the missing events before asking the server for them.
 */
const GAP_WAIT_MS = 250;
const ACTION_TIMEOUT_MS = 15_000;

/**
 * One room watched live: `room:watch` gives a snapshot, then `room:event`s are applied in seq order (the
 * rules are in room-model.ts). On a gap, and after every reconnect, it watches again with sinceSeq = the last
 * seq applied; events arriving meanwhile wait in a buffer, so none is lost, doubled or applied out of order.
 */
export class RoomStream {
  state = $state.raw<RoomState | null>(null);
  connection = $state<Connection>('connecting');
  /** why the room cannot be watched, or the last transient problem */
  error = $state<string | null>(null);
  /** server time minus local time */
  offsetMs = $state(0);
  /** local time, ticking each second (drives the countdowns) */
  nowMs = $state(Date.now());

  private socket: ProctorSocket | null = null;
  private watching = false;
  private buffer: RoomEvent[] = [];
  private incidents: IncidentView[] = [];
  private timer: ReturnType<typeof setInterval> | null = null;
  private retry: ReturnType<typeof setTimeout> | null = null;
  private gapTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    readonly sittingId: string,
    readonly roomId: string,
    private readonly open: () => ProctorSocket,
  ) {}

  start(): void {
    const socket = this.open();
    this.socket = socket;
    socket.on('connect', () => void this.watch(this.state?.seq));
    socket.on('disconnect', (reason) => {
      if (this.connection !== 'refused') this.connection = 'reconnecting';
      // the server closed it (a restart, a dropped session): socket.io does not retry these by itself
      if (reason === 'io server disconnect') this.retry = setTimeout(() => this.socket?.connect(), 2000);
    });
    socket.on('connect_error', (error: Error & { data?: { message?: string } }) => {
      if (socket.active) {
        this.connection = 'reconnecting';
      } else {
        this.connection = 'refused';
        this.error = error.data?.message ?? '服务器拒绝了连接，请重新登录后再试';
      }
    });
    socket.on('room:event', (event) => this.receive(event));
    socket.on('proctor:error', (error) => {
      if (!error.event || error.event === 'room:watch') this.error = error.message;
    });
    this.timer = setInterval(() => (this.nowMs = Date.now()), 1000);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.retry) clearTimeout(this.retry);
    this.clearGapTimer();
    const socket = this.socket;
    this.socket = null;
    if (socket?.connected) socket.emit('room:unwatch', { sittingId: this.sittingId, roomId: this.roomId });
    socket?.disconnect();
  }

  /** incidents read over HTTP (the stream adds new ones as they are recorded) */
  addIncidents(list: readonly IncidentView[]): void {
    this.incidents = [...this.incidents, ...list];
    if (this.state) this.state = upsertIncidents(this.state, list);
  }

  /** Sends an action; resolves with the per-candidate results, throws with the server's refusal. */
  async act(request: ProctorActionRequest): Promise<ProctorActionResult> {
    const socket = this.socket;
    if (!socket?.connected) throw new Error('与服务器的实时连接已断开，请等待重新连接后再操作');
    let answer: ProctorActionResult | { error: { message: string } };
    try {
      answer = await socket.timeout(ACTION_TIMEOUT_MS).emitWithAck('proctor:action', request);
    } catch {
      throw new Error('服务器没有及时应答，操作结果未知，请查看座位图上考生状态后再决定是否重试');
    }
    if ('error' in answer) throw new Error(answer.error.message);
    return answer;
  }

  private receive(event: RoomEvent): void {
    if (!this.state || this.watching) {
      this.buffer.push(event);
      return;
    }
    const result = mergeEvents(this.state, [...this.buffer, event]);
    this.state = result.state;
    if (!result.gap) {
      this.buffer = [];
      this.clearGapTimer();
      return;
    }
    const applied = result.state.seq;
    this.buffer = [...this.buffer, event].filter((e) => e.seq > applied);
    this.gapTimer ??= setTimeout(() => {
      this.gapTimer = null;
      if (this.buffer.length) void this.watch(this.state?.seq);
    }, GAP_WAIT_MS);
  }

  private clearGapTimer(): void {
    if (this.gapTimer) clearTimeout(this.gapTimer);
    this.gapTimer = null;
  }

  /** Watch (again): sinceSeq asks for the events after it; without it a fresh snapshot. */
  private async watch(sinceSeq?: number): Promise<void> {
    const socket = this.socket;
    if (!socket?.connected || this.watching) return;
    this.watching = true;
    this.clearGapTimer();
    if (this.retry) clearTimeout(this.retry);
    let ack: RoomWatchAck;
    try {
      ack = await socket.timeout(WATCH_TIMEOUT_MS).emitWithAck('room:watch', {
        sittingId: this.sittingId,
        roomId: this.roomId,
        ...(sinceSeq === undefined ? {} : { sinceSeq }),
      });
    } catch {
      this.watching = false;
      this.connection = 'reconnecting';
      this.retry = setTimeout(() => void this.watch(this.state?.seq), 2000);
      return;
    }
    this.watching = false;
    if (!ack.ok) {
      this.connection = 'refused';
      this.error = ack.message;
      return;
    }
    let state: RoomState;
    if ('snapshot' in ack) {
      this.offsetMs = serverOffset(ack.snapshot.serverNow, Date.now());
      state = fromSnapshot(ack.snapshot, this.state?.incidents ?? this.incidents);
    } else if (this.state) {
      state = this.state;
      this.buffer = [...ack.events, ...this.buffer];
    } else {
      // events with nothing to apply them to: ask for the room as it is
      void this.watch();
      return;
    }
    const drained = mergeEvents(state, this.buffer);
    this.buffer = [];
    this.state = drained.state;
    this.connection = 'live';
    this.error = null;
    // still a hole after asking for the missing events: they are no longer kept, take a fresh snapshot
    if (drained.gap) void this.watch(sinceSeq === undefined ? drained.state.seq : undefined);
  }
}
