import { SvelteSet } from 'svelte/reactivity';
import type {
  AnswerResponse,
  AttemptStatus,
  EncryptedPaper,
  ExamAttemptView,
  ExamClockView,
  IntegrityEvent,
  PaperContent,
  SaveRefusal,
} from '@exam/contracts';
import { ExamApi, ExamApiError } from './lib/exam-api';
import {
  connectRefusal,
  emitClockSync,
  emitIntegrity,
  emitSave,
  openExamSocket,
  type ExamSocket,
} from './lib/exam-socket';
import { IdbQueueStore, MemoryQueueStore } from './lib/idb-store';
import { decryptPaper } from './lib/paper-crypto';
import { isAnswered, sameResponse } from './lib/responses';
import { SaveQueue, randomKey, type QueueHalt, type QueueStore, type SaveTransport } from './lib/save-queue';
import { recentMove, seatMoveTarget } from './lib/seat-move';
import { ServerClock, crossedWarnings } from './lib/server-clock';
import { deviceStorage, tabStorage, uniqueTabClientId } from './lib/storage';
import { GRACE_MS } from './lib/wire';

export type Phase =
  | 'starting'
  | 'login'
  | 'identity'
  | 'rules'
  | 'waiting'
  | 'answering'
  | 'closed'
  | 'blocked'
  /** moved to a spare seat: this machine's login was revoked */
  | 'moved';
export type FontSize = 'small' | 'medium' | 'large';

export interface ExamNotice {
  id: number;
  kind: 'info' | 'warning';
  message: string;
}

const CLOSED: readonly AttemptStatus[] = ['submitted', 'force_submitted', 'voided'];
const RUNNING: readonly AttemptStatus[] = ['in_progress', 'disconnected'];
const TEXT_DEBOUNCE_MS = 800;
const CLOCK_SYNC_MS = 30_000;
/** how long the socket may be down before saves go over HTTP */
const HTTP_FALLBACK_AFTER_MS = 10_000;
/** tabStorage key of the last seat-move notice (survives a reload of the old machine) */
const SEAT_MOVE_KEY = 'exam.seatMove';
const SESSION_EXPIRED = '登录已失效，请重新登录';

const REFUSAL_TEXT: Partial<Record<SaveRefusal, string>> = {
  paused: '考试已暂停，答案将在恢复后保存',
  not_started: '考试尚未开始',
  time_up: '考试时间已到，之后的作答不再保存',
  closed: '本场考试已结束',
  forbidden: '登录状态异常，请联系监考老师',
  second_client: '本场考试已在其他窗口或电脑登录',
};

/**
 * One candidate's exam in this tab: login, the screens before the start, the paper, the answers and their
 * save queue, the server's clock, the connection and the integrity reports. Components read its state and
 * call its methods; nothing here decides time-up (the server does).
 */
export class ExamSession {
  phase = $state<Phase>('starting');
  /** a problem to show on the current screen */
  error = $state<string | null>(null);
  /** why the candidate is on the login screen again */
  loginNotice = $state<string | null>(null);
  busy = $state(false);

  attempt = $state<ExamAttemptView | null>(null);
  clock = $state<ExamClockView | null>(null);
  paper = $state<PaperContent | null>(null);
  paperDownloaded = $state(false);
  paperError = $state<string | null>(null);

  answers = $state<Record<number, AnswerResponse>>({});
  flags = new SvelteSet<number>();
  current = $state(1);
  fontSize = $state<FontSize>('medium');

  remainingMs = $state<number | null>(null);
  /** ms until the scheduled start (before the start, for information) */
  untilStartMs = $state<number | null>(null);
  connected = $state(false);
  httpFallback = $state(false);
  pendingCount = $state(0);
  savedAt = $state<string | null>(null);
  queueHalt = $state<QueueHalt | null>(null);
  screenSwitches = $state(0);
  switchExceeded = $state(false);
  fullscreen = $state(false);
  notices = $state<ExamNotice[]>([]);
  pauseNote = $state<string | null>(null);
  blockedMessage = $state<string | null>(null);
  /** the seat the invigilator moved the candidate to (phase 'moved') */
  movedTo = $state<string | null>(null);

  readonly serverClock = new ServerClock(() => performance.now());
  readonly api = new ExamApi(() => this.token);

  private token: string | null = tabStorage.get('exam.token');
  private clientId = '';
  private socket: ExamSocket | null = null;
  private queue: SaveQueue | null = null;
  private encrypted: EncryptedPaper | null = null;
  private paperKey: string | null = null;
  /** the last response queued per position, to skip saving what did not change */
  private queuedResponse: Record<number, AnswerResponse> = {};
  // bookkeeping, not shown: no reactivity wanted
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  private textTimers = new Map<number, ReturnType<typeof setTimeout>>();
  private integrityBacklog: IntegrityEvent[] = [];
  private timers: ReturnType<typeof setInterval>[] = [];
  private fallbackTimer: ReturnType<typeof setTimeout> | null = null;
  private closingPoll: ReturnType<typeof setInterval> | null = null;
  private lastRemaining: number | null = null;
  private noticeId = 0;
  private lastNotice: { message: string; at: number } | null = null;

  get timeUp(): boolean {
    return (
      this.remainingMs !== null &&
      this.remainingMs <= 0 &&
      !!this.clock &&
      RUNNING.includes(this.clock.status)
    );
  }

  get paused(): boolean {
    return this.clock?.status === 'paused';
  }

  /** the server locked this client (切屏 over the limit) until the invigilator unlocks it; time runs on */
  get clientLocked(): boolean {
    return !!this.clock?.locked && !CLOSED.includes(this.clock.status);
  }

  get lockReason(): string | null {
    return this.clock?.lockReason ?? null;
  }

  /** answers cannot be changed: paused, locked, time up, closed, or the server refuses saves */
  get locked(): boolean {
    const halt = this.queueHalt?.code;
    return (
      this.paused ||
      this.clientLocked ||
      this.timeUp ||
      this.phase !== 'answering' ||
      halt === 'time_up' ||
      halt === 'closed'
    );
  }

  get online(): boolean {
    return this.connected || this.httpFallback;
  }

  get switchLimit(): number {
    return this.attempt?.sitting.screenSwitchLimit ?? 0;
  }

  isAnswered(position: number): boolean {
    return isAnswered(this.answers[position]);
  }

  async start(): Promise<void> {
    const size = deviceStorage.get('exam.fontSize');
    if (size === 'small' || size === 'medium' || size === 'large') this.fontSize = size;
    this.clientId = await uniqueTabClientId(randomKey);
    this.timers.push(setInterval(() => this.tick(), 250));
    this.timers.push(setInterval(() => void this.syncClock(), CLOCK_SYNC_MS));
    addEventListener('pagehide', () => this.flushText());
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'hidden') this.flushText();
    });
    if (!this.token) {
      this.phase = 'login';
      return;
    }
    try {
      await this.enter(await this.api.attempt());
    } catch (error) {
      this.handleStartError(error);
    }
  }

  async login(ticketNumber: string, idNumber: string): Promise<void> {
    this.busy = true;
    this.error = null;
    try {
      const response = await this.api.login({ ticketNumber, idNumber, clientId: this.clientId });
      this.setToken(response.token);
      this.loginNotice = null;
      this.movedTo = null;
      tabStorage.set(SEAT_MOVE_KEY, null);
      await this.enter(response.attempt);
    } catch (error) {
      this.error = message(error);
    } finally {
      this.busy = false;
    }
  }

  confirmIdentity(): void {
    tabStorage.set(`exam.identity:${this.attempt?.id}`, '1');
    this.phase = 'rules';
  }

  async acceptRules(): Promise<void> {
    this.busy = true;
    this.error = null;
    try {
      const view = await this.api.ready();
      await this.applyView(view);
    } catch (error) {
      this.error = message(error);
    } finally {
      this.busy = false;
    }
  }

  /** Leaves before the start (e.g. 不是本人): the login screen again. */
  async logout(): Promise<void> {
    try {
      await this.api.logout();
    } catch {
      // dropped locally whatever the server says
    }
    this.reset('login');
  }

  // ── answering ──

  goTo(position: number): void {
    if (!this.paper) return;
    const last = this.paper.items.length;
    this.flushText();
    this.current = Math.min(Math.max(1, position), last);
    if (this.attempt) deviceStorage.set(`exam.current:${this.attempt.id}`, String(this.current));
  }

  toggleFlag(position: number): void {
    if (this.flags.has(position)) this.flags.delete(position);
    else this.flags.add(position);
    if (this.attempt) deviceStorage.set(`exam.flags:${this.attempt.id}`, JSON.stringify([...this.flags]));
  }

  setFontSize(size: FontSize): void {
    this.fontSize = size;
    deviceStorage.set('exam.fontSize', size);
  }

  /** Records an answer: shown at once, queued for saving (typed text after a pause in typing). */
  answer(position: number, response: AnswerResponse, typed = false): void {
    if (this.locked) return;
    this.answers[position] = response;
    const timer = this.textTimers.get(position);
    if (timer) clearTimeout(timer);
    this.textTimers.delete(position);
    if (typed) {
      this.textTimers.set(
        position,
        setTimeout(() => {
          this.textTimers.delete(position);
          this.commit(position);
        }, TEXT_DEBOUNCE_MS),
      );
    } else {
      // earlier typing first, so the saves keep the order the candidate answered in
      this.flushText();
      this.commit(position);
    }
  }

  /** Queues every typed answer still waiting for its pause (blur, navigation, submit, leaving the page). */
  flushText(): void {
    for (const [position, timer] of this.textTimers) {
      clearTimeout(timer);
      this.commit(position);
    }
    this.textTimers.clear();
  }

  unansweredPositions(): number[] {
    return (this.paper?.items ?? []).map((i) => i.position).filter((p) => !this.isAnswered(p));
  }

  flaggedPositions(): number[] {
    return [...this.flags].sort((a, b) => a - b);
  }

  /** Submits once every answer is saved; the server checks it has everything acknowledged. */
  async submit(): Promise<boolean> {
    const queue = this.queue;
    if (!queue) return false;
    this.busy = true;
    this.error = null;
    try {
      this.flushText();
      for (let round = 0; round < 3; round++) {
        if (!(await queue.drain(15_000))) {
          this.error = queue.halted
            ? (REFUSAL_TEXT[queue.halted.code] ?? queue.halted.message)
            : `还有 ${queue.pendingCount} 条答案尚未保存到服务器，请检查网络连接后再交卷`;
          return false;
        }
        try {
          await this.applyView(await this.api.submit(queue.lastAckedSeq));
          return true;
        } catch (error) {
          if (!(error instanceof ExamApiError) || error.status !== 409) throw error;
          // the server lacks something it acknowledged: save again whatever differs from what it has
          await this.resaveDifferences(await this.api.attempt());
        }
      }
      this.error = '交卷未成功：服务器上的答案与本机不一致，请稍后重试或联系监考老师';
      return false;
    } catch (error) {
      this.error = message(error);
      return false;
    } finally {
      this.busy = false;
    }
  }

  // ── integrity ──

  reportIntegrity(event: IntegrityEvent): void {
    if (this.phase !== 'answering' || this.paused) return;
    if (!this.socket?.connected) {
      this.integrityBacklog.push(event);
      return;
    }
    void this.sendIntegrity(event);
  }

  setFullscreen(on: boolean): void {
    this.fullscreen = on;
  }

  dismissNotice(id: number): void {
    this.notices = this.notices.filter((n) => n.id !== id);
  }

  /** From the seat-move screen: this machine is the new seat after all, log in here. */
  loginHere(): void {
    this.loginNotice = this.movedTo ? `请确认本机是 ${this.movedTo} 号座位的考试机，再登录继续作答` : null;
    this.phase = 'login';
  }

  /** Tries the connection again after another window held the exam. */
  retryConnection(): void {
    this.blockedMessage = null;
    this.phase = 'starting';
    void this.start0();
  }

  // ── internals ──

  private async start0(): Promise<void> {
    try {
      await this.enter(await this.api.attempt());
    } catch (error) {
      this.handleStartError(error);
    }
  }

  private handleStartError(error: unknown): void {
    if (error instanceof ExamApiError && error.status === 401) {
      this.loggedOut(SESSION_EXPIRED);
    } else if (error instanceof ExamApiError && error.status === 409) {
      this.block(error.message);
    } else {
      this.phase = 'login';
      this.error = message(error);
    }
  }

  /** Takes the attempt after login or reload: answers restored, the queue reopened, the socket connected. */
  private async enter(view: ExamAttemptView): Promise<void> {
    this.attempt = view;
    this.screenSwitches = view.screenSwitches;
    this.switchExceeded =
      view.sitting.screenSwitchLimit > 0 && view.screenSwitches > view.sitting.screenSwitchLimit;
    this.current = Number(deviceStorage.get(`exam.current:${view.id}`)) || 1;
    this.flags.clear();
    try {
      for (const p of JSON.parse(deviceStorage.get(`exam.flags:${view.id}`) ?? '[]') as number[])
        this.flags.add(p);
    } catch {
      // unreadable flags: start without
    }
    const answers: Record<number, AnswerResponse> = {};
    for (const saved of view.answers) answers[saved.position] = saved.response;
    this.queuedResponse = { ...answers };
    const queue = new SaveQueue(view.id, await openStore(view.id), this.transport, {
      newKey: randomKey,
      listener: {
        changed: () => this.queueChanged(),
        dropped: (save, code, text) =>
          console.warn(`save ${save.seq} (第 ${save.position} 题) dropped by the server: ${code} ${text}`),
      },
    });
    this.queue = queue;
    // answers given here that the server has not acknowledged yet win over what it has
    for (const save of await queue.restore(view.lastSeq)) {
      answers[save.position] = save.response;
      this.queuedResponse[save.position] = save.response;
    }
    this.answers = answers;
    // the time of the newest answer the server holds: what "已保存" honestly shows after a reload
    const newest = view.answers.reduce<string | null>(
      (t, a) => (t === null || a.savedAt > t ? a.savedAt : t),
      null,
    );
    this.savedAt = queue.lastSavedAt ?? newest;
    if (view.paperKey) this.paperKey = view.paperKey;
    await this.applyView(view);
    if (!CLOSED.includes(view.clock.status)) this.connect();
  }

  /** Moves to the screen the attempt's status calls for. */
  private async applyView(view: ExamAttemptView): Promise<void> {
    this.attempt = view;
    this.applyClock(view.clock);
    if (view.paperKey) this.paperKey = view.paperKey;
    const status = view.clock.status;
    if (CLOSED.includes(status)) {
      this.close();
      return;
    }
    if (status === 'not_started' || status === 'checked_in') {
      this.phase = tabStorage.get(`exam.identity:${view.id}`) ? 'rules' : 'identity';
      return;
    }
    await this.ensurePaper();
    if (status === 'ready') this.phase = 'waiting';
    else await this.openPaper();
  }

  private applyClock(view: ExamClockView & { paperKey?: string }): void {
    const previous = this.clock;
    this.serverClock.update(view);
    this.clock = view;
    if (view.paperKey) this.paperKey = view.paperKey;
    if (previous && view.extraSeconds > previous.extraSeconds) {
      const minutes = Math.round((view.extraSeconds - previous.extraSeconds) / 60);
      this.notify('info', `监考老师已为您延长考试时间 ${minutes} 分钟`);
    }
    if (RUNNING.includes(view.status)) {
      this.pauseNote = null;
      this.queue?.resume();
    } else if (view.status === 'paused' && previous?.status !== 'paused') {
      // the invigilator's note usually comes as a notice just before or after the pause
      const recent = this.lastNotice && performance.now() - this.lastNotice.at < 15_000;
      this.pauseNote = recent ? this.lastNotice!.message : null;
    }
    this.tick();
  }

  private async ensurePaper(): Promise<void> {
    while (!this.encrypted) {
      try {
        this.encrypted = await this.api.paper();
        this.paperDownloaded = true;
        this.paperError = null;
      } catch (error) {
        if (error instanceof ExamApiError && error.status !== 0 && error.status < 500) {
          this.paperError = error.message;
          return;
        }
        this.paperError = '试卷下载中断，正在重试…';
        await new Promise((r) => setTimeout(r, 3000));
      }
    }
  }

  /** Decrypts the paper once the key is known and shows it. */
  private async openPaper(): Promise<void> {
    if (this.paper) {
      this.phase = 'answering';
      return;
    }
    if (!this.encrypted || !this.paperKey) {
      this.phase = 'waiting';
      return;
    }
    try {
      this.paper = await decryptPaper(this.encrypted, this.paperKey);
      this.current = Math.min(Math.max(1, this.current), this.paper.items.length);
      this.phase = 'answering';
    } catch (error) {
      this.paperError = message(error);
      this.phase = 'waiting';
    }
  }

  private connect(): void {
    if (this.socket || !this.token) return;
    const socket = openExamSocket(this.token, this.clientId);
    this.socket = socket;
    socket.on('connect', () => {
      this.connected = true;
      this.httpFallback = false;
      if (this.fallbackTimer) clearTimeout(this.fallbackTimer);
      this.fallbackTimer = null;
      this.queue?.online();
      void this.syncClock();
      const backlog = this.integrityBacklog.splice(0);
      for (const event of backlog) void this.sendIntegrity(event);
    });
    socket.on('disconnect', (reason) => {
      this.connected = false;
      // the server let go of this machine (a seat move, or the login ended): ask why at once
      if (reason === 'io server disconnect') void this.afterServerDisconnect();
      this.armHttpFallback();
    });
    socket.on('connect_error', (error) => {
      this.connected = false;
      const refusal = connectRefusal(error);
      if (!refusal) {
        this.armHttpFallback();
        return;
      }
      if (refusal.code === 'second_client') this.block(refusal.message);
      else if (refusal.code === 'unauthenticated')
        this.loggedOut(`${SESSION_EXPIRED}（已作答的内容不会丢失）`);
      else void this.refreshAttempt();
    });
    socket.on('attempt:clock', (view) => {
      this.applyClock(view);
      if (this.phase === 'waiting' && (RUNNING.includes(view.status) || view.status === 'paused')) {
        void this.openPaper();
      }
    });
    socket.on('attempt:closed', (view) => {
      this.applyClock(view);
      void this.refreshAttempt();
    });
    socket.on('exam:notice', (notice) => {
      // the lock's own notice: the lock screen says it already (and goes away with the lock)
      if (!(this.clientLocked && notice.message.includes('锁定'))) this.notify(notice.kind, notice.message);
      this.lastNotice = { message: notice.message, at: performance.now() };
      if (this.paused) this.pauseNote = notice.message;
      const seat = seatMoveTarget(notice.message);
      if (seat) {
        tabStorage.set(SEAT_MOVE_KEY, JSON.stringify({ seatLabel: seat, at: Date.now() }));
        // the server revokes this machine's login before it sends the notice
        void this.checkLogin();
      }
    });
    this.armHttpFallback();
  }

  /** After the socket has been down a while, saves go over HTTP if HTTP works. */
  private armHttpFallback(): void {
    if (this.fallbackTimer || this.connected) return;
    this.fallbackTimer = setTimeout(async () => {
      this.fallbackTimer = null;
      if (this.connected || !this.attempt) return;
      try {
        const view = await this.api.attempt();
        if (this.connected) return;
        this.httpFallback = true;
        this.applyClock(view.clock);
        this.queue?.online();
      } catch (error) {
        this.httpFallback = false;
        if (error instanceof ExamApiError && error.status === 401) this.loggedOut(SESSION_EXPIRED);
        else this.armHttpFallback();
      }
    }, HTTP_FALLBACK_AFTER_MS);
  }

  /** the queue's way out: the socket when connected, HTTP when the socket has been down a while */
  private readonly transport: SaveTransport = {
    send: async (save) => {
      if (this.socket?.connected) return emitSave(this.socket, save);
      if (!this.httpFallback) throw new Error('offline');
      try {
        return await this.api.saveAnswer(save);
      } catch (error) {
        if (error instanceof ExamApiError && error.status === 0) this.httpFallback = false;
        this.armHttpFallback();
        throw error;
      }
    },
  };

  private async syncClock(): Promise<void> {
    try {
      if (this.socket?.connected) this.applyClock(await emitClockSync(this.socket));
      else if (this.httpFallback) this.applyClock((await this.api.attempt()).clock);
    } catch {
      // the next sync or reconnect will correct it
    }
  }

  private tick(): void {
    const remaining = this.serverClock.remainingMs();
    this.remainingMs = remaining;
    const startsAt = this.attempt ? Date.parse(this.attempt.sitting.startsAt) : NaN;
    this.untilStartMs = Number.isNaN(startsAt) ? null : startsAt - this.serverClock.serverNow();
    if (remaining === null || !this.clock || !RUNNING.includes(this.clock.status)) {
      this.lastRemaining = remaining;
      return;
    }
    const crossed = crossedWarnings(this.lastRemaining, remaining);
    if (crossed.length)
      this.notify('warning', `距考试结束还有 ${Math.min(...crossed)} 分钟，请注意检查并保存作答`);
    this.lastRemaining = remaining;
    if (remaining <= 0) {
      this.flushText();
      this.awaitClosing();
    }
  }

  /** At time-up the client waits for the server to close the attempt, asking it now and then. */
  private awaitClosing(): void {
    if (this.closingPoll) return;
    this.closingPoll = setInterval(() => {
      if (this.phase === 'closed') {
        if (this.closingPoll) clearInterval(this.closingPoll);
        this.closingPoll = null;
        return;
      }
      void this.refreshAttempt();
    }, GRACE_MS + 1000);
  }

  private async refreshAttempt(): Promise<void> {
    try {
      const view = await this.api.attempt();
      if (CLOSED.includes(view.clock.status)) await this.applyView(view);
      else this.applyClock(view.clock);
    } catch (error) {
      if (error instanceof ExamApiError && error.status === 401) this.loggedOut(SESSION_EXPIRED);
    }
  }

  /** Is this machine's login still valid? A revoked one ends the exam here (see loggedOut). */
  private async checkLogin(): Promise<boolean> {
    try {
      await this.api.attempt();
      return true;
    } catch (error) {
      if (!(error instanceof ExamApiError) || error.status !== 401) return true;
      if (this.token) this.loggedOut(SESSION_EXPIRED);
      return false;
    }
  }

  /** The server disconnected the socket: a revoked login ends here; otherwise connect again. */
  private async afterServerDisconnect(): Promise<void> {
    const socket = this.socket;
    if (!socket || !(await this.checkLogin())) return;
    if (this.socket === socket && !socket.connected && this.phase !== 'closed') socket.connect();
  }

  /**
   * The login was revoked or expired. After a seat move (its notice seen lately) the screen says where to
   * go; otherwise the login screen with `notice`.
   */
  private loggedOut(notice: string): void {
    const move = recentMove(tabStorage.get(SEAT_MOVE_KEY), Date.now());
    this.reset(move ? 'moved' : 'login');
    this.movedTo = move?.seatLabel ?? null;
    this.loginNotice = move ? null : notice;
  }

  private commit(position: number): void {
    const queue = this.queue;
    if (!queue) return;
    const response = $state.snapshot(this.answers[position] ?? null) as AnswerResponse;
    if (sameResponse(this.queuedResponse[position], response)) return;
    this.queuedResponse[position] = response;
    queue.enqueue(position, response).catch((error: unknown) => {
      this.error = `答案未能暂存到本机（${message(error)}），请勿关闭页面并联系监考老师`;
    });
  }

  private async resaveDifferences(server: ExamAttemptView): Promise<void> {
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a local lookup, not state
    const stored = new Map(server.answers.map((a) => [a.position, a.response]));
    for (const item of this.paper?.items ?? []) {
      const local = this.answers[item.position] ?? null;
      if (!sameResponse(stored.get(item.position) ?? null, local)) {
        this.queuedResponse[item.position] = local;
        await this.queue?.enqueue(item.position, $state.snapshot(local) as AnswerResponse);
      }
    }
  }

  private queueChanged(): void {
    const queue = this.queue;
    if (!queue) return;
    this.pendingCount = queue.pendingCount;
    this.savedAt = queue.lastSavedAt ?? this.savedAt;
    this.queueHalt = queue.halted;
  }

  private async sendIntegrity(event: IntegrityEvent): Promise<void> {
    if (!this.socket) return;
    try {
      const ack = await emitIntegrity(this.socket, event);
      if ('error' in ack) return;
      this.screenSwitches = ack.screenSwitches;
      // over the limit: the standing banner of the notice list says so (no notice besides)
      this.switchExceeded = ack.exceeded;
    } catch {
      this.integrityBacklog.push(event);
    }
  }

  private notify(kind: 'info' | 'warning', text: string): void {
    // the last three: more would push the paper off the screen
    this.notices = [...this.notices.slice(-2), { id: ++this.noticeId, kind, message: text }];
  }

  private block(text: string): void {
    this.blockedMessage = text || '本场考试已在其他窗口或电脑登录';
    this.phase = 'blocked';
    this.disconnect();
  }

  private close(): void {
    this.phase = 'closed';
    this.disconnect();
    if (document.fullscreenElement) void document.exitFullscreen().catch(() => {});
  }

  private disconnect(): void {
    this.socket?.removeAllListeners();
    this.socket?.disconnect();
    this.socket = null;
    this.connected = false;
    if (this.fallbackTimer) clearTimeout(this.fallbackTimer);
    this.fallbackTimer = null;
  }

  private reset(phase: Phase): void {
    this.flushText();
    this.disconnect();
    this.setToken(null);
    this.attempt = null;
    this.paper = null;
    this.encrypted = null;
    this.paperKey = null;
    this.paperDownloaded = false;
    this.queue = null;
    this.answers = {};
    this.phase = phase;
  }

  private setToken(token: string | null): void {
    this.token = token;
    tabStorage.set('exam.token', token);
  }
}

async function openStore(attemptId: string): Promise<QueueStore> {
  try {
    return await IdbQueueStore.open(attemptId);
  } catch {
    return new MemoryQueueStore();
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
