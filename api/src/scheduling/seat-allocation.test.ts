import { describe, expect, it } from 'vitest';
import { ValidationFailed } from '../common/domain-errors.js';
import {
  allocateSeats,
  naiveAllocateSeats,
  type AllocationCandidate,
  type AllocationResult,
  type AllocationRoom,
} from './seat-allocation.js';
import { countSameUnitAdjacencies, gridSeats, prepareRoom } from './seat-map.js';

function room(
  id: string,
  rows: number,
  columns: number,
  spare?: (r: number, c: number) => boolean,
): AllocationRoom {
  return { id, name: id, seats: gridSeats(id, rows, columns, { spare, machines: true }) };
}

/** `sizes[u]` candidates of unit U{u}; application numbers grouped by unit, as a unit enters its people. */
function roster(sizes: number[]): AllocationCandidate[] {
  const out: AllocationCandidate[] = [];
  sizes.forEach((size, u) => {
    for (let i = 0; i < size; i++) {
      const n = out.length + 1;
      out.push({ applicationId: `A${n}`, unitId: `U${u}`, sortKey: `2024-${String(n).padStart(6, '0')}` });
    }
  });
  return out;
}

function seatsOf(result: AllocationResult): Map<string, string> {
  return new Map(result.assignments.map((a) => [a.applicationId, a.seatId]));
}

/** A deterministic generator for the property checks (mulberry32). */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('seat allocation: capacity', () => {
  it('places everyone when the seats exactly suffice, rooms in order, front to back', () => {
    const result = allocateSeats([room('B', 2, 3), room('A', 2, 3)], roster([4, 4, 4]), {
      roomOrder: ['A', 'B'],
    });
    expect(result.summary).toMatchObject({ candidates: 12, placed: 12, notPlaced: 0, capacity: 12 });
    expect(result.notPlaced).toEqual([]);
    expect(result.assignments.slice(0, 6).every((a) => a.roomId === 'A')).toBe(true);
    expect(result.assignments[0]!.label).toBe('01-01');
    expect(result.rooms.map((r) => [r.roomId, r.assigned, r.free])).toEqual([
      ['A', 6, 0],
      ['B', 6, 0],
    ]);
  });

  it('fills the first rooms and leaves the last ones empty when there are seats to spare', () => {
    const result = allocateSeats([room('A', 2, 3), room('B', 2, 3), room('C', 2, 3)], roster([3, 4]));
    expect(result.rooms.map((r) => r.assigned)).toEqual([6, 1, 0]);
  });

  it('reports, in Chinese, who could not be placed: the last by application number', () => {
    const candidates = roster([5, 5, 4]);
    const result = allocateSeats([room('A', 3, 4)], candidates);
    expect(result.summary).toMatchObject({ placed: 12, notPlaced: 2 });
    expect(result.notPlaced).toEqual([
      { applicationId: 'A13', code: 'no_seat', reason: '考场座位不足：还差 2 个座位' },
      { applicationId: 'A14', code: 'no_seat', reason: '考场座位不足：还差 2 个座位' },
    ]);
    expect(result.messages.slice(0, 2)).toEqual([
      '共 14 名考生，已安排 12 名，1 个考场共 12 个可用座位',
      '考场座位不足：还差 2 个座位，2 名考生未安排',
    ]);
  });

  it('places no one without rooms, and says so', () => {
    const result = allocateSeats([], roster([2]));
    expect(result.assignments).toEqual([]);
    expect(result.notPlaced.map((n) => n.reason)).toEqual([
      '考场座位不足：还差 2 个座位',
      '考场座位不足：还差 2 个座位',
    ]);
  });

  it('an empty roster is an empty allocation', () => {
    const result = allocateSeats([room('A', 2, 2)], []);
    expect(result.summary).toMatchObject({ candidates: 0, placed: 0, sameUnitAdjacencies: 0 });
    expect(result.rooms[0]).toMatchObject({ usable: 4, assigned: 0, free: 4 });
  });

  it('seats a duplicated candidate once and reports the duplicate', () => {
    const [a, b] = roster([2]);
    const result = allocateSeats([room('A', 2, 2)], [a!, b!, { ...a! }]);
    expect(result.summary.placed).toBe(2);
    expect(result.notPlaced).toEqual([
      { applicationId: 'A1', code: 'duplicate', reason: '重复的考生：只安排一次' },
    ]);
  });

  it('refuses a malformed room list', () => {
    expect(() => allocateSeats([room('A', 1, 2), room('A', 1, 2)], [])).toThrow(ValidationFailed);
    const twice: AllocationRoom = {
      id: 'X',
      seats: [
        { id: 's1', row: 1, column: 1, label: '01' },
        { id: 's2', row: 1, column: 1, label: '02' },
      ],
    };
    expect(() => allocateSeats([twice], [])).toThrow('第 1 排第 1 列有两个座位');
    expect(() =>
      allocateSeats([{ id: 'Y', seats: [{ id: 's', row: 0, column: 1, label: '00' }] }], []),
    ).toThrow(ValidationFailed);
  });
});

describe('seat allocation: spare and disabled seats', () => {
  it('never gives a seat marked spare, even when spare seats are not required', () => {
    const spareAtBack = (r: number, c: number) => r === 3 && c >= 3;
    const result = allocateSeats([room('A', 3, 4, spareAtBack)], roster([6, 6]));
    expect(result.assignments.map((a) => a.label)).not.toContain('03-03');
    expect(result.assignments.map((a) => a.label)).not.toContain('03-04');
    expect(result.summary).toMatchObject({ capacity: 10, placed: 10, notPlaced: 2 });
    expect(result.rooms[0]).toMatchObject({ keptFree: 2, usable: 10 });
  });

  it('keeps the policy number of seats free: marked spare seats first, then the last seats', () => {
    const oneMarked = (r: number, c: number) => r === 1 && c === 1;
    const result = allocateSeats([room('A', 2, 3, oneMarked)], roster([3, 3]), { spareSeatsPerRoom: 2 });
    // 01-01 is marked; 02-03, the last seat, is kept free as well
    expect(result.assignments.map((a) => a.label)).toEqual(['01-02', '01-03', '02-01', '02-02']);
    expect(result.rooms[0]).toMatchObject({ keptFree: 2, usable: 4, assigned: 4, spareShortfall: 0 });
    expect(result.notPlaced).toHaveLength(2);
  });

  it("a room's own spare number overrides the policy's", () => {
    const a = { ...room('A', 2, 3), spareSeats: 0 };
    const result = allocateSeats([a, room('B', 2, 3)], roster([6, 6]), { spareSeatsPerRoom: 3 });
    expect(result.rooms.map((r) => r.usable)).toEqual([6, 3]);
  });

  it('reports a room too small to keep its spare seats', () => {
    const result = allocateSeats([room('小', 1, 2)], roster([1]), { spareSeatsPerRoom: 3 });
    expect(result.rooms[0]).toMatchObject({ usable: 0, keptFree: 2, spareShortfall: 1 });
    expect(result.messages).toContain('考场 小 座位不够留足备用座位：还差 1 个');
    expect(result.notPlaced[0]!.reason).toBe('考场座位不足：还差 1 个座位');
  });

  it('skips disabled seats, which do not count as spare seats either', () => {
    const a = room('A', 2, 3);
    const seats = a.seats.map((s) =>
      s.label === '01-02' || s.label === '02-03' ? { ...s, disabled: true } : s,
    );
    const result = allocateSeats([{ ...a, seats }], roster([2, 2]), { spareSeatsPerRoom: 1 });
    const labels = result.assignments.map((a) => a.label);
    expect(labels).not.toContain('01-02');
    expect(labels).not.toContain('02-03');
    // 02-02 is the last seat still in use: it is kept free
    expect(labels).toEqual(['01-01', '01-03', '02-01']);
    expect(result.rooms[0]).toMatchObject({ disabled: 2, keptFree: 1, usable: 3 });
  });

  it('in a computer room, gives only seats with a machine', () => {
    const a = room('A', 1, 3);
    const seats = a.seats.map((s) => (s.label === '01-02' ? { ...s, machineId: null } : s));
    const result = allocateSeats([{ ...a, seats }], roster([1, 1, 1]), { requireMachine: true });
    expect(result.assignments.map((a) => a.label)).toEqual(['01-01', '01-03']);
    expect(result.rooms[0]).toMatchObject({ withoutMachine: 1 });
  });
});

describe('seat allocation: keeping a unit apart', () => {
  it('leaves no colleagues side by side when an arrangement exists (naive fill: many)', () => {
    const rooms = [room('A', 5, 6), room('B', 5, 6)];
    const candidates = roster([20, 15, 10, 8, 4, 2, 1]);
    const naive = naiveAllocateSeats(rooms, candidates);
    const smart = allocateSeats(rooms, candidates);
    expect(naive.summary.sameUnitAdjacencies).toBeGreaterThan(40);
    expect(smart.summary.sameUnitAdjacencies).toBe(0);
    expect(smart.summary.placed).toBe(60);
  });

  it('does its best when one unit is too big to keep apart, and says how many pairs remain', () => {
    // 14 of 20 seats for one unit: on a 4×5 grid at most 10 seats are pairwise apart
    const rooms = [room('A', 4, 5)];
    const candidates = roster([14, 3, 3]);
    const naive = naiveAllocateSeats(rooms, candidates);
    const smart = allocateSeats(rooms, candidates);
    expect(smart.summary.sameUnitAdjacencies).toBeLessThan(naive.summary.sameUnitAdjacencies);
    expect(smart.summary.sameUnitAdjacencies).toBeGreaterThan(0);
    expect(smart.messages.at(-1)).toBe(
      `有 ${smart.summary.sameUnitAdjacencies} 对同单位考生座位相邻（未能再分开）`,
    );
  });

  it('measures adjacency left/right and front/back only, once per pair, per room', () => {
    expect(
      countSameUnitAdjacencies([
        { roomId: 'A', row: 1, column: 1, unitId: 'u' },
        { roomId: 'A', row: 1, column: 2, unitId: 'u' },
        { roomId: 'A', row: 2, column: 1, unitId: 'u' },
        { roomId: 'A', row: 2, column: 2, unitId: 'v' },
        { roomId: 'A', row: 3, column: 2, unitId: 'u' }, // diagonal to (2,1): not adjacent
        { roomId: 'B', row: 1, column: 3, unitId: 'u' }, // another room
      ]),
    ).toBe(2);
  });

  it('separates candidates across a gap of spare or disabled seats only by position', () => {
    // 1×3 with the middle seat disabled: the two outer seats are not adjacent, so one unit may take both
    const a = room('A', 1, 3);
    const seats = a.seats.map((s) => (s.column === 2 ? { ...s, disabled: true } : s));
    const result = allocateSeats([{ ...a, seats }], roster([2]));
    expect(result.summary).toMatchObject({ placed: 2, sameUnitAdjacencies: 0 });
  });

  it('seats one occupation and level after another when asked to group them', () => {
    const candidates = roster([4, 4, 4]).map((c, i) => ({
      ...c,
      occupation: i % 2 ? '电工' : '驾驶员',
      level: 'L4',
    }));
    const result = allocateSeats([room('A', 3, 4)], candidates, { groupBy: 'occupation-level' });
    const occupationOf = new Map(candidates.map((c) => [c.applicationId, c.occupation]));
    const sequence = result.assignments.map((a) => occupationOf.get(a.applicationId));
    expect(sequence).toEqual([...Array(6).fill('电工'), ...Array(6).fill('驾驶员')]);
  });
});

describe('seat allocation: deterministic and stable', () => {
  const rooms = [room('A', 4, 5), room('B', 4, 5)];
  const candidates = roster([9, 7, 6, 5, 3, 3, 2, 1]);

  it('gives the same seats whatever the order of the input', () => {
    const first = allocateSeats(rooms, candidates, { spareSeatsPerRoom: 2 });
    const random = generator(7);
    const shuffled = [...candidates].sort(() => random() - 0.5);
    const again = allocateSeats(rooms, shuffled, { spareSeatsPerRoom: 2 });
    expect(again).toEqual(first);
  });

  it('with the current seats, adding a candidate moves no one else', () => {
    const first = allocateSeats(rooms, candidates, { spareSeatsPerRoom: 1 });
    const previous = first.assignments.map(({ applicationId, roomId, seatId }) => ({
      applicationId,
      roomId,
      seatId,
    }));
    const added = { applicationId: 'NEW', unitId: 'U0', sortKey: '2024-000000' };
    const second = allocateSeats(rooms, [...candidates, added], { spareSeatsPerRoom: 1, previous });
    const before = seatsOf(first);
    const after = seatsOf(second);
    for (const [id, seat] of before) expect(after.get(id)).toBe(seat);
    expect(after.has('NEW')).toBe(true);
    expect(second.summary).toMatchObject({ kept: 36, placed: 37 });
    expect(second.messages[0]).toBe(
      '共 37 名考生，已安排 37 名（保留原座位 36 名），2 个考场共 38 个可用座位',
    );
    expect(second.assignments.find((a) => a.applicationId === 'NEW')!.kept).toBe(false);
    expect(second.summary.sameUnitAdjacencies).toBe(0);
  });

  it('when the rooms are full, a newcomer waits: seated candidates are never unseated for one', () => {
    const first = allocateSeats(rooms, candidates, { spareSeatsPerRoom: 2 });
    expect(first.summary).toMatchObject({ capacity: 36, placed: 36 });
    const previous = first.assignments.map(({ applicationId, roomId, seatId }) => ({
      applicationId,
      roomId,
      seatId,
    }));
    const added = { applicationId: 'NEW', unitId: 'U0', sortKey: '2024-000000' };
    const second = allocateSeats(rooms, [added, ...candidates], { spareSeatsPerRoom: 2, previous });
    expect(second.notPlaced).toEqual([
      { applicationId: 'NEW', code: 'no_seat', reason: '考场座位不足：还差 1 个座位' },
    ]);
    expect(seatsOf(second)).toEqual(seatsOf(first));
  });

  it('re-seats only those whose seat can no longer be given, and lists them as moved', () => {
    const first = allocateSeats(rooms, candidates);
    const previous = first.assignments.map(({ applicationId, roomId, seatId }) => ({
      applicationId,
      roomId,
      seatId,
    }));
    const broken = first.assignments[3]!;
    const a = rooms[0]!;
    const withBroken = {
      ...a,
      seats: a.seats.map((s) => (s.id === broken.seatId ? { ...s, disabled: true } : s)),
    };
    const second = allocateSeats([withBroken, rooms[1]!], candidates, { previous });
    expect(second.moved).toEqual([
      {
        applicationId: broken.applicationId,
        fromRoomId: 'A',
        fromSeatId: broken.seatId,
        toSeatId: seatsOf(second).get(broken.applicationId),
        reason: `座位 ${broken.label} 已停用`,
      },
    ]);
    const changed = [...seatsOf(first)].filter(([id, seat]) => seatsOf(second).get(id) !== seat);
    expect(changed.map(([id]) => id)).toEqual([broken.applicationId]);
    expect(second.messages).toContain('1 名考生的原座位不能再用，已重新安排');
  });

  it("a withdrawn candidate's seat goes to a newcomer; the others stay", () => {
    const first = allocateSeats(rooms, candidates);
    const previous = first.assignments.map(({ applicationId, roomId, seatId }) => ({
      applicationId,
      roomId,
      seatId,
    }));
    const [gone, ...rest] = candidates;
    const filled = roster([40]).map((c, i) => ({ ...c, applicationId: `N${i}`, unitId: `N${i}` }));
    const second = allocateSeats(rooms, [...rest, ...filled], { previous });
    const after = seatsOf(second);
    expect(after.has(gone!.applicationId)).toBe(false);
    for (const c of rest) expect(after.get(c.applicationId)).toBe(seatsOf(first).get(c.applicationId));
    expect(second.summary).toMatchObject({ placed: 40, capacity: 40, kept: 35 });
  });

  it('keeps invariants on many random inputs: one seat each, no spare or disabled seat, all placed that fit', () => {
    const random = generator(42);
    for (let run = 0; run < 60; run++) {
      const rooms: AllocationRoom[] = [];
      const roomCount = 1 + Math.floor(random() * 4);
      for (let r = 0; r < roomCount; r++) {
        const base = room(`R${r}`, 1 + Math.floor(random() * 6), 1 + Math.floor(random() * 7));
        const seats = base.seats.map((s) => ({ ...s, spare: random() < 0.05, disabled: random() < 0.05 }));
        rooms.push({ ...base, seats });
      }
      const sizes = Array.from({ length: 1 + Math.floor(random() * 8) }, () => 1 + Math.floor(random() * 12));
      const candidates = roster(sizes);
      const spare = Math.floor(random() * 3);
      const result = allocateSeats(rooms, candidates, { spareSeatsPerRoom: spare });
      const capacity = rooms.reduce((n, r) => n + prepareRoom(r, spare).usable.length, 0);
      expect(result.summary.capacity).toBe(capacity);
      expect(result.summary.placed).toBe(Math.min(capacity, candidates.length));
      expect(result.summary.placed + result.notPlaced.length).toBe(candidates.length);
      expect(new Set(result.assignments.map((a) => a.seatId)).size).toBe(result.assignments.length);
      expect(new Set(result.assignments.map((a) => a.applicationId)).size).toBe(result.assignments.length);
      const seatById = new Map(rooms.flatMap((r) => r.seats.map((s) => [s.id, { ...s, roomId: r.id }])));
      for (const a of result.assignments) {
        const seat = seatById.get(a.seatId)!;
        expect(seat.roomId).toBe(a.roomId);
        expect(seat.spare || seat.disabled).toBe(false);
      }
      for (const fill of result.rooms) {
        expect(fill.keptFree + fill.spareShortfall).toBeGreaterThanOrEqual(spare);
      }
      const naive = naiveAllocateSeats(rooms, candidates, { spareSeatsPerRoom: spare });
      expect(result.summary.sameUnitAdjacencies).toBeLessThanOrEqual(naive.summary.sameUnitAdjacencies);
    }
  });
});

describe('prepareRoom', () => {
  it('orders seats front to back, left to right, whatever the input order', () => {
    const seats = gridSeats('A', 2, 2).reverse();
    expect(prepareRoom({ id: 'A', seats }, 0).usable.map((s) => s.label)).toEqual([
      '01-01',
      '01-02',
      '02-01',
      '02-02',
    ]);
  });
});
