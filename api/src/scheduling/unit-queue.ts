/**
 * The units still waiting for seats, the one with the most candidates left first (ties: the unit's rank, a
 * stable order fixed by the caller). Taking the largest unit next is what spreads big units out: a unit that
 * is left alone at the end is what puts colleagues side by side.
 */
export interface UnitEntry<T> {
  unitId: string;
  rank: number;
  /** candidates of the unit not yet seated, in their stable order */
  waiting: T[];
  next: number;
}

function before<T>(a: UnitEntry<T>, b: UnitEntry<T>): boolean {
  const left = a.waiting.length - a.next;
  const right = b.waiting.length - b.next;
  return left !== right ? left > right : a.rank < b.rank;
}

export class UnitQueue<T> {
  private readonly heap: UnitEntry<T>[] = [];

  constructor(units: Iterable<UnitEntry<T>>) {
    for (const unit of units) if (unit.next < unit.waiting.length) this.push(unit);
  }

  get size(): number {
    return this.heap.length;
  }

  /**
   * Takes the next candidate of the first unit (by size, then rank) that is not in `avoid`; when every
   * waiting unit is in `avoid`, of the first unit anyway. Undefined when no one is waiting.
   */
  take(avoid: ReadonlySet<string>): { candidate: T; unitId: string } | undefined {
    if (this.heap.length === 0) return undefined;
    const skipped: UnitEntry<T>[] = [];
    let chosen: UnitEntry<T> | undefined;
    // at most avoid.size units are skipped before one that may sit here
    while (this.heap.length > 0) {
      const top = this.pop()!;
      if (!avoid.has(top.unitId)) {
        chosen = top;
        break;
      }
      skipped.push(top);
    }
    if (!chosen) chosen = skipped.shift()!;
    for (const unit of skipped) this.push(unit);
    const candidate = chosen.waiting[chosen.next++]!;
    if (chosen.next < chosen.waiting.length) this.push(chosen);
    return { candidate, unitId: chosen.unitId };
  }

  private push(unit: UnitEntry<T>): void {
    const heap = this.heap;
    heap.push(unit);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(heap[i]!, heap[parent]!)) break;
      [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
      i = parent;
    }
  }

  private pop(): UnitEntry<T> | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (heap.length > 0 && last) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let best = i;
        if (l < heap.length && before(heap[l]!, heap[best]!)) best = l;
        if (r < heap.length && before(heap[r]!, heap[best]!)) best = r;
        if (best === i) break;
        [heap[i], heap[best]] = [heap[best]!, heap[i]!];
        i = best;
      }
    }
    return top;
  }
}
