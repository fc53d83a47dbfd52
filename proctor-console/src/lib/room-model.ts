import {
  CLOSED_ATTEMPT_STATUSES,
  type AttemptStatus,
  type CandidateTile,
  type IncidentView,
  type RoomEvent,
  type RoomSnapshot,
  type TimelineEntry,
} from '@exam/contracts';

/**
 * The live room view as plain data, and the pure rules that keep it right: a snapshot, then room events
 * applied strictly in seq order — an event at or below the last seq is a duplicate and ignored, one past a
 * missing seq is a gap that asks for a re-watch. Also the clock (time left from the server's offset) and the
 * tile filters. No sockets, no runes: everything here is unit-tested.
 */

export interface RoomState {
  snapshot: Omit<RoomSnapshot, 'candidates' | 'timeline'>;
  /** the last event applied */
  seq: number;
  /** by attempt id */
  tiles: Record<string, CandidateTile>;
  /** newest first */
  timeline: TimelineEntry[];
  /** newest first (by time of the occurrence) */
  incidents: IncidentView[];
  roomStartedAt: string | null;
}

export function fromSnapshot(snapshot: RoomSnapshot, incidents: readonly IncidentView[] = []): RoomState {
  const { candidates, timeline, ...rest } = snapshot;
  return {
    snapshot: rest,
    seq: snapshot.seq,
    tiles: Object.fromEntries(candidates.map((tile) => [tile.attemptId, tile])),
    timeline: sortTimeline(timeline),
    incidents: sortIncidents(incidents),
    roomStartedAt: snapshot.roomStartedAt,
  };
}

function sortTimeline(entries: readonly TimelineEntry[]): TimelineEntry[] {
  const bySeq = new Map(entries.map((entry) => [entry.seq, entry]));
  return [...bySeq.values()].sort((a, b) => b.seq - a.seq);
}

function sortIncidents(list: readonly IncidentView[]): IncidentView[] {
  return [...list].sort(
    (a, b) => b.occurredAt.localeCompare(a.occurredAt) || b.recordedAt.localeCompare(a.recordedAt),
  );
}

/** The incident added, or replaced when already known (an amendment). */
export function upsertIncidents(state: RoomState, list: readonly IncidentView[]): RoomState {
  const byId = new Map(state.incidents.map((incident) => [incident.id, incident]));
  for (const incident of list) {
    if (incident.roomId === state.snapshot.roomId) byId.set(incident.id, incident);
  }
  return { ...state, incidents: sortIncidents([...byId.values()]) };
}

const TILE_KEYS: readonly (keyof CandidateTile)[] = [
  'attemptId',
  'applicationId',
  'seatId',
  'seatLabel',
  'name',
  'ticketNumber',
  'status',
];

function isWholeTile(patch: Partial<CandidateTile>): patch is CandidateTile {
  return TILE_KEYS.every((key) => patch[key] !== undefined);
}

/** One event applied to the state (its seq must be state.seq + 1; see mergeEvents). */
function applyOne(state: RoomState, event: RoomEvent): RoomState {
  const next: RoomState = { ...state, seq: event.seq };
  const payload = event.payload;
  switch (payload.kind) {
    case 'tile': {
      const current = state.tiles[payload.attemptId];
      const patch = { ...payload.patch, attemptId: payload.attemptId };
      if (current) next.tiles = { ...state.tiles, [payload.attemptId]: { ...current, ...patch } };
      else if (isWholeTile(patch)) next.tiles = { ...state.tiles, [payload.attemptId]: patch };
      return next;
    }
    case 'timeline':
      if (state.timeline.some((entry) => entry.seq === event.seq)) return next;
      next.timeline = [{ ...payload.entry, seq: event.seq }, ...state.timeline];
      return next;
    case 'incident':
      return upsertIncidents(next, [payload.incident]);
    case 'room':
      next.roomStartedAt = payload.roomStartedAt;
      next.snapshot = { ...state.snapshot, roomStartedAt: payload.roomStartedAt };
      return next;
  }
}

export interface MergeResult {
  state: RoomState;
  /** events applied */
  applied: number;
  /** events ignored as already seen (seq ≤ the last applied) or of another room */
  ignored: number;
  /** an event came after a missing seq: re-watch with sinceSeq = state.seq; later events were not applied */
  gap: boolean;
}

/**
 * Applies events in seq order. Duplicates (seq ≤ last) and other rooms' events are ignored; at the first
 * missing seq it stops and reports the gap, so nothing is applied out of order.
 */
export function mergeEvents(state: RoomState, events: readonly RoomEvent[]): MergeResult {
  const sorted = [...events].sort((a, b) => a.seq - b.seq);
  let current = state;
  let applied = 0;
  let ignored = 0;
  for (const event of sorted) {
    if (event.roomId !== state.snapshot.roomId || event.sittingId !== state.snapshot.sittingId) {
      ignored++;
      continue;
    }
    if (event.seq <= current.seq) {
      ignored++;
      continue;
    }
    if (event.seq > current.seq + 1) return { state: current, applied, ignored, gap: true };
    current = applyOne(current, event);
    applied++;
  }
  return { state: current, applied, ignored, gap: false };
}

// ── the clock ──

/** server time minus local time, from a snapshot's serverNow and when it was received (local ms) */
export function serverOffset(serverNow: string, receivedAtMs: number): number {
  const server = Date.parse(serverNow);
  return Number.isFinite(server) ? server - receivedAtMs : 0;
}

/**
 * Time left on a candidate's attempt at the local time `nowMs`, corrected by the server offset: counted
 * down from endsAt while running, the frozen remainingMs while paused or not yet started; null when closed
 * or unknown.
 */
export function timeLeftMs(
  tile: Pick<CandidateTile, 'status' | 'endsAt' | 'remainingMs'>,
  nowMs: number,
  offsetMs: number,
): number | null {
  if (CLOSED_ATTEMPT_STATUSES.includes(tile.status)) return null;
  if (tile.status !== 'paused' && tile.endsAt) {
    const ends = Date.parse(tile.endsAt);
    if (Number.isFinite(ends)) return Math.max(0, ends - (nowMs + offsetMs));
  }
  return tile.remainingMs === null ? null : Math.max(0, tile.remainingMs);
}

/** 1:05:09, 45:07, 0:09 */
export function formatDuration(ms: number): string {
  const total = Math.ceil(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** 刚刚, 12 秒前, 3 分钟前, 2 小时前 — from an instant to the (server-corrected) now */
export function ago(iso: string, nowMs: number, offsetMs: number): string {
  const seconds = Math.max(0, Math.floor((nowMs + offsetMs - Date.parse(iso)) / 1000));
  if (seconds < 3) return '刚刚';
  if (seconds < 60) return `${seconds} 秒前`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} 分钟前`;
  return `${Math.floor(seconds / 3600)} 小时前`;
}

// ── filters ──

export const TILE_FILTERS = [
  'all',
  'not_started',
  'in_progress',
  'disconnected',
  'over_limit',
  'closed',
] as const;
export type TileFilter = (typeof TILE_FILTERS)[number];
export const TILE_FILTER_LABELS: Record<TileFilter, string> = {
  all: '全部',
  not_started: '未登录',
  in_progress: '答题中',
  disconnected: '已断线',
  over_limit: '切屏超限',
  closed: '已交卷',
};

/** states in which a candidate's machine is expected to be connected */
const LIVE_STATUSES: readonly AttemptStatus[] = [
  'checked_in',
  'ready',
  'in_progress',
  'paused',
  'disconnected',
];

export function isOverLimit(tile: Pick<CandidateTile, 'screenSwitches' | 'screenSwitchLimit'>): boolean {
  return tile.screenSwitches > tile.screenSwitchLimit;
}

/** a live attempt whose client does not answer (or that the server marked disconnected) */
export function isOffline(tile: Pick<CandidateTile, 'status' | 'connected'>): boolean {
  return tile.status === 'disconnected' || (LIVE_STATUSES.includes(tile.status) && !tile.connected);
}

export function matchesFilter(tile: CandidateTile, filter: TileFilter): boolean {
  switch (filter) {
    case 'all':
      return true;
    case 'not_started':
      return tile.status === 'not_started';
    case 'in_progress':
      return tile.status === 'in_progress';
    case 'disconnected':
      return isOffline(tile);
    case 'over_limit':
      return isOverLimit(tile);
    case 'closed':
      return CLOSED_ATTEMPT_STATUSES.includes(tile.status);
  }
}

/** by name, or by 准考证号 (any part of it, so the tail works) */
export function matchesSearch(tile: Pick<CandidateTile, 'name' | 'ticketNumber'>, query: string): boolean {
  const q = query.trim().toLowerCase();
  return !q || tile.name.toLowerCase().includes(q) || tile.ticketNumber.toLowerCase().includes(q);
}

export function filterCounts(tiles: readonly CandidateTile[]): Record<TileFilter, number> {
  return Object.fromEntries(
    TILE_FILTERS.map((filter) => [filter, tiles.filter((tile) => matchesFilter(tile, filter)).length]),
  ) as Record<TileFilter, number>;
}

export function statusCounts(tiles: readonly CandidateTile[]): Partial<Record<AttemptStatus, number>> {
  const counts: Partial<Record<AttemptStatus, number>> = {};
  for (const tile of tiles) counts[tile.status] = (counts[tile.status] ?? 0) + 1;
  return counts;
}

/** seat order: front to back, left to right */
export function seatOrder(
  a: Pick<CandidateTile, 'row' | 'column'>,
  b: Pick<CandidateTile, 'row' | 'column'>,
) {
  return a.row - b.row || a.column - b.column;
}

/** the last n characters of a 准考证号 */
export function ticketTail(ticketNumber: string, n = 6): string {
  return ticketNumber.length > n ? `…${ticketNumber.slice(-n)}` : ticketNumber;
}

/**
 * The selection after a click on a tile: a plain click selects that one (or clears it when it was the only
 * one), ctrl/⌘ toggles it, shift adds the range from the anchor in the given order.
 */
export function nextSelection(
  selected: ReadonlySet<string>,
  order: readonly string[],
  id: string,
  anchor: string | null,
  modifiers: { shift: boolean; toggle: boolean },
): Set<string> {
  if (modifiers.shift && anchor && order.includes(anchor) && order.includes(id)) {
    const [from, to] = [order.indexOf(anchor), order.indexOf(id)].sort((a, b) => a - b) as [number, number];
    return new Set([...selected, ...order.slice(from, to + 1)]);
  }
  if (modifiers.toggle) {
    const next = new Set(selected);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    return next;
  }
  return selected.size === 1 && selected.has(id) ? new Set() : new Set([id]);
}

/** the colour family of a status on the seat map */
export type StatusTone = 'idle' | 'waiting' | 'active' | 'paused' | 'offline' | 'done' | 'void';
export const STATUS_TONES: Record<AttemptStatus, StatusTone> = {
  not_started: 'idle',
  checked_in: 'waiting',
  ready: 'waiting',
  in_progress: 'active',
  paused: 'paused',
  disconnected: 'offline',
  submitted: 'done',
  force_submitted: 'done',
  voided: 'void',
};
