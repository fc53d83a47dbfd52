import { Injectable } from '@nestjs/common';
import type { AttemptPlaceRow } from './room-snapshot.repository.js';
import { RoomSnapshotRepository } from './room-snapshot.repository.js';

/**
 * attemptId → where the attempt sits (sitting, room, seat, name), cached so the event path makes no
 * database query per event: filled by a room snapshot (the whole room at once) or, for an attempt not yet
 * seen, by one query shared by every event that waits for it. A seat move invalidates its entry.
 */
@Injectable()
export class RoomDirectory {
  private readonly places = new Map<string, AttemptPlaceRow | null>();
  private readonly loading = new Map<string, Promise<AttemptPlaceRow | null>>();

  constructor(private readonly repository: RoomSnapshotRepository) {}

  /** The cached place, if known now (no waiting). */
  cached(attemptId: string): AttemptPlaceRow | null | undefined {
    return this.places.get(attemptId);
  }

  async place(attemptId: string): Promise<AttemptPlaceRow | null> {
    const known = this.places.get(attemptId);
    if (known !== undefined) return known;
    let pending = this.loading.get(attemptId);
    if (!pending) {
      pending = this.repository.places([attemptId]).then(
        (rows) => {
          const place = rows[0] ?? null;
          this.places.set(attemptId, place);
          this.loading.delete(attemptId);
          return place;
        },
        (error: unknown) => {
          this.loading.delete(attemptId);
          throw error;
        },
      );
      this.loading.set(attemptId, pending);
    }
    return pending;
  }

  remember(places: AttemptPlaceRow[]): void {
    for (const p of places) this.places.set(p.attemptId, p);
  }

  forget(attemptId: string): void {
    this.places.delete(attemptId);
  }
}
