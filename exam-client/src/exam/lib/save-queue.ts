import type { AnswerResponse, AnswerSaveMessage, SaveAck, SaveRefusal } from '@exam/contracts';

/** A save waiting for the server's acknowledgement, as kept in the browser (IndexedDB). */
export interface QueuedSave {
  attemptId: string;
  seq: number;
  position: number;
  response: AnswerResponse;
  key: string;
  /** client epoch ms when the candidate gave the answer */
  createdAt: number;
}

/** Where queued saves live until acknowledged (IndexedDB in the browser, a Map in tests). */
export interface QueueStore {
  /** every queued save, in seq order */
  all(): Promise<QueuedSave[]>;
  /** keeps the save and remembers its seq as used (one transaction) */
  put(save: QueuedSave): Promise<void>;
  delete(seq: number): Promise<void>;
  /** the highest seq ever put, 0 when none */
  usedSeq(): Promise<number>;
}

/** Sends one save and resolves with the server's acknowledgement; rejects when the server cannot be reached. */
export interface SaveTransport {
  send(save: AnswerSaveMessage): Promise<SaveAck>;
}

export interface QueueHalt {
  code: SaveRefusal;
  message: string;
}

export interface SaveQueueListener {
  /** anything shown changed: pending count, saved at, halt */
  changed?(): void;
  /** a save the server refused for good and that was removed (stale, replay, a bad response) */
  dropped?(save: QueuedSave, code: SaveRefusal, message: string): void;
}

export interface SaveQueueOptions {
  newKey: () => string;
  /** runs fn after ms, returns a cancel function */
  schedule?: (fn: () => void, ms: number) => () => void;
  now?: () => number;
  /** wait before resending after the transport failed (doubles up to maxRetryDelayMs) */
  retryDelayMs?: number;
  maxRetryDelayMs?: number;
  listener?: SaveQueueListener;
}

/** refusals after which the queue stops and keeps its saves until told to resume (e.g. after a pause) */
const HALTING: readonly SaveRefusal[] = [
  'paused',
  'not_started',
  'time_up',
  'closed',
  'forbidden',
  'second_client',
];
/** refusals that end the queue's use of the save only: the server has something newer */
const SUPERSEDED: readonly SaveRefusal[] = ['stale', 'replay'];
/** halts that a clock change (start, resume) lifts */
const RESUMABLE: readonly SaveRefusal[] = ['paused', 'not_started'];

const defaultSchedule = (fn: () => void, ms: number) => {
  const timer = setTimeout(fn, ms);
  return () => clearTimeout(timer);
};

/**
 * The candidate's answers on their way to the server. Each change gets the attempt's next seq and a random
 * idempotency key and is stored (IndexedDB) BEFORE it is sent; it leaves the store only when the server
 * acknowledged it or refused it as superseded. One save is in flight at a time, in seq order; a resend
 * carries the same key, so a save that reached the server before a cut is acknowledged as a duplicate.
 */
export class SaveQueue {
  private pending: QueuedSave[] = [];
  private nextSeq = 1;
  private tail: Promise<unknown> = Promise.resolve();
  private pumping = false;
  private pumpAgain = false;
  private cancelRetry: (() => void) | null = null;
  private retryDelay: number;
  private waiters = new Set<() => void>();
  private readonly schedule: (fn: () => void, ms: number) => () => void;
  private readonly now: () => number;

  /** the highest seq the server has acknowledged (or reported stored at restore) */
  lastAckedSeq = 0;
  /** server time (ISO) of the last acknowledged save */
  lastSavedAt: string | null = null;
  /** why the queue stopped, until resumed */
  halted: QueueHalt | null = null;
  /** the last transport attempt failed (no connection) */
  offline = false;

  constructor(
    readonly attemptId: string,
    private readonly store: QueueStore,
    private transport: SaveTransport,
    private readonly options: SaveQueueOptions,
  ) {
    this.schedule = options.schedule ?? defaultSchedule;
    this.now = options.now ?? Date.now;
    this.retryDelay = options.retryDelayMs ?? 2000;
  }

  get pendingCount(): number {
    return this.pending.length;
  }

  /** the queued saves, in seq order */
  get queued(): readonly QueuedSave[] {
    return this.pending;
  }

  /**
   * Loads what a previous page left in the store. Saves at or below the server's lastSeq are done (the
   * server has them or something newer) and are removed. Returns the rest, to overlay on the server's
   * answers; numbering continues above everything used.
   */
  async restore(serverLastSeq: number): Promise<QueuedSave[]> {
    const [saved, used] = await Promise.all([this.store.all(), this.store.usedSeq()]);
    const done = saved.filter((s) => s.seq <= serverLastSeq);
    for (const s of done) await this.store.delete(s.seq);
    this.pending = saved.filter((s) => s.seq > serverLastSeq).sort((a, b) => a.seq - b.seq);
    this.lastAckedSeq = Math.max(this.lastAckedSeq, serverLastSeq);
    const highest = Math.max(serverLastSeq, used, ...this.pending.map((s) => s.seq));
    this.nextSeq = Math.max(this.nextSeq, highest + 1);
    this.changed();
    return [...this.pending];
  }

  /** Queues an answer: stored first, then sent. Resolves once it is stored. */
  enqueue(position: number, response: AnswerResponse): Promise<QueuedSave> {
    const save: QueuedSave = {
      attemptId: this.attemptId,
      seq: this.nextSeq++,
      position,
      response,
      key: this.options.newKey(),
      createdAt: this.now(),
    };
    // stores one after another, so the pending list is always in seq order
    const stored = this.tail.then(async () => {
      await this.store.put(save);
      this.pending.push(save);
      this.changed();
    });
    this.tail = stored.catch(() => undefined);
    return stored.then(() => {
      void this.pump();
      return save;
    });
  }

  /** Use another way to send (e.g. HTTP while the socket is down). */
  setTransport(transport: SaveTransport): void {
    this.transport = transport;
  }

  /** The connection is (back): send now rather than after the retry delay. */
  online(): void {
    this.retryDelay = this.options.retryDelayMs ?? 2000;
    this.cancelRetry?.();
    this.cancelRetry = null;
    void this.pump();
  }

  /** Lifts a halt caused by a pause or a not-yet-started attempt (the clock says it runs again). */
  resume(): void {
    if (this.halted && RESUMABLE.includes(this.halted.code)) {
      this.halted = null;
      this.changed();
    }
    this.online();
  }

  /** Resolves true once nothing is pending, false when halted or after timeoutMs. */
  drain(timeoutMs: number): Promise<boolean> {
    void this.pump();
    return new Promise((resolve) => {
      let cancel = () => {};
      const check = () => {
        if (this.pending.length === 0 || this.halted) {
          this.waiters.delete(check);
          cancel();
          resolve(this.pending.length === 0);
        }
      };
      cancel = this.schedule(() => {
        this.waiters.delete(check);
        resolve(this.pending.length === 0);
      }, timeoutMs);
      this.waiters.add(check);
      void this.tail.then(check);
    });
  }

  /** Sends queued saves in seq order, one at a time, until none is left or it cannot go on. */
  async pump(): Promise<void> {
    if (this.pumping) {
      this.pumpAgain = true;
      return;
    }
    this.pumping = true;
    try {
      while (!this.halted && this.pending.length > 0 && !this.cancelRetry) {
        const head = this.pending[0]!;
        // a later queued answer to the same item replaces this one: no need to send it
        if (this.pending.some((s, i) => i > 0 && s.position === head.position)) {
          await this.remove(head);
          continue;
        }
        let ack: SaveAck;
        try {
          ack = await this.transport.send({
            attemptId: head.attemptId,
            seq: head.seq,
            position: head.position,
            response: head.response,
            key: head.key,
          });
        } catch {
          this.offline = true;
          this.changed();
          this.retryLater(this.retryDelay);
          this.retryDelay = Math.min(this.retryDelay * 2, this.options.maxRetryDelayMs ?? 10_000);
          return;
        }
        if (this.offline) {
          this.offline = false;
          this.retryDelay = this.options.retryDelayMs ?? 2000;
        }
        if (!(await this.acknowledge(head, ack))) return;
      }
    } finally {
      this.pumping = false;
      this.changed();
      if (this.pumpAgain) {
        this.pumpAgain = false;
        if (!this.cancelRetry) void this.pump();
      }
    }
  }

  /** handles the server's answer to the head save; false when sending must stop for now */
  private async acknowledge(head: QueuedSave, ack: SaveAck): Promise<boolean> {
    if (ack.ok) {
      this.lastAckedSeq = Math.max(this.lastAckedSeq, ack.seq);
      this.lastSavedAt = ack.savedAt;
      await this.remove(head);
      return true;
    }
    if (ack.code === 'busy') {
      this.retryLater(ack.retryAfterMs ?? 1000);
      return false;
    }
    if (HALTING.includes(ack.code)) {
      this.halted = { code: ack.code, message: ack.message };
      return false;
    }
    // superseded (stale, replay) or a save the server can never take (invalid, bad_response, not_in_paper)
    if (SUPERSEDED.includes(ack.code) && ack.lastSeq !== undefined) {
      this.nextSeq = Math.max(this.nextSeq, ack.lastSeq + 1);
      this.lastAckedSeq = Math.max(this.lastAckedSeq, ack.lastSeq);
    }
    await this.remove(head);
    this.options.listener?.dropped?.(head, ack.code, ack.message);
    return true;
  }

  private retryLater(ms: number): void {
    this.cancelRetry?.();
    this.cancelRetry = this.schedule(() => {
      this.cancelRetry = null;
      void this.pump();
    }, ms);
  }

  private async remove(save: QueuedSave): Promise<void> {
    await this.store.delete(save.seq);
    this.pending = this.pending.filter((s) => s.seq !== save.seq);
    this.changed();
  }

  private changed(): void {
    this.options.listener?.changed?.();
    for (const waiter of [...this.waiters]) waiter();
  }
}

/** A random idempotency key (24 url-safe characters); getRandomValues works on plain http too. */
export function randomKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(18));
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_');
}
