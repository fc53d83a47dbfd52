import { Injectable } from '@nestjs/common';
import { MicroBatcher } from '../exam/answers/micro-batcher.js';
import type { AttemptPlaceRow } from './room-snapshot.repository.js';
import { RoomSnapshotRepository } from './room-snapshot.repository.js';

/**
 * attemptId → where the attempt sits (sitting, room, seat, name), cached so the event path makes no
 * database query per event: filled by a room snapshot (the whole room at once) or, for an attempt not yet
 * seen, by one query shared by every lookup asked for meanwhile (MicroBatcher). A seat move invalidates its entry.
 */
@Injectable()
export class RoomDirectory {
  private readonly places = new Map<string, AttemptPlaceRow | null>();
  /** lookups of attempts not cached, asked for together (thousands of candidates connecting): one query */
  private readonly loader: MicroBatcher<AttemptPlaceRow>;

  constructor(private readonly repository: RoomSnapshotRepository) {
    this.loader = new MicroBatcher(
      async (ids) => new Map((await this.repository.places(ids)).map((p) => [p.attemptId, p])),
      500,
    );
  }

  /** The cached place, if known now (no waiting). */
  cached(attemptId: string): AttemptPlaceRow | null | undefined {
    return this.places.get(attemptId);
  }

  async place(attemptId: string): Promise<AttemptPlaceRow | null> {
    const known = this.places.get(attemptId);
    if (known !== undefined) return known;
    const place = (await this.loader.load(attemptId)) ?? null;
    if (!this.places.has(attemptId)) this.places.set(attemptId, place);
    return this.places.get(attemptId) ?? null;
  }

  remember(places: AttemptPlaceRow[]): void {
    for (const p of places) this.places.set(p.attemptId, p);
  }

  forget(attemptId: string): void {
    this.places.delete(attemptId);
  }
}
