// Seat allocation benchmark (issue 5): 20,000 candidates from ~2,000 units into 500 rooms of 42 seats
// (6 rows × 7 columns, 2 spare seats each), against a naive in-order fill measured in the same run.
// Run `npx tsc -b api` first; then `npm run bench:seats`.
import { performance } from 'node:perf_hooks';
import { allocateSeats, naiveAllocateSeats } from '../../api/dist/scheduling/seat-allocation.js';
import { gridSeats } from '../../api/dist/scheduling/seat-map.js';

const CANDIDATES = 20_000;
const UNITS = 2_000;
const ROOMS = 500;
const ROWS = 6;
const COLUMNS = 7;
const SPARE = 2;
const RUNS = 3;

/** A small deterministic generator (mulberry32), so every run measures the same input. */
function generator(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function makeInput() {
  const random = generator(20261125);
  const rooms = [];
  for (let r = 1; r <= ROOMS; r++) {
    const id = `R${String(r).padStart(3, '0')}`;
    rooms.push({ id, name: `第${r}考场`, seats: gridSeats(id, ROWS, COLUMNS, { machines: true }) });
  }
  // unit sizes vary a lot (a hospital sends hundreds, a small office one or two): a skewed draw
  const unitOf = [];
  for (let i = 0; i < CANDIDATES; i++) {
    const u = i < UNITS ? i : Math.floor(UNITS * random() ** 2.5);
    unitOf.push(`U${String(u).padStart(4, '0')}`);
  }
  unitOf.sort();
  // application numbers follow the units, as a unit's HR enters its people together
  const occupations = ['驾驶员', '汽车驾驶员', '中式烹调师', '电工', '护理员', '绿化工'];
  const levels = ['L5', 'L4', 'L3'];
  const candidates = unitOf.map((unitId, i) => ({
    applicationId: `A${String(i).padStart(6, '0')}`,
    unitId,
    occupation: occupations[Math.floor(random() * occupations.length)],
    level: levels[Math.floor(random() * levels.length)],
    sortKey: `2024-${String(i + 1).padStart(6, '0')}`,
  }));
  return { rooms, candidates };
}

function measure(label, fn) {
  const times = [];
  let result;
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    result = fn();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { label, medianMs: times[Math.floor(RUNS / 2)], result };
}

const { rooms, candidates } = makeInput();
const units = new Set(candidates.map((c) => c.unitId));
const unitSizes = new Map();
for (const c of candidates) unitSizes.set(c.unitId, (unitSizes.get(c.unitId) ?? 0) + 1);
const largest = Math.max(...unitSizes.values());
const options = { spareSeatsPerRoom: SPARE, requireMachine: true };
const naive = measure('naive in-order fill', () => naiveAllocateSeats(rooms, candidates, options));
const smart = measure('allocateSeats', () => allocateSeats(rooms, candidates, options));

// stability: one candidate withdraws, another is added; re-run with the current seats as `previous`
const previous = smart.result.assignments.map((a) => ({
  applicationId: a.applicationId,
  roomId: a.roomId,
  seatId: a.seatId,
}));
const extra = { applicationId: 'A999999', unitId: 'U0000', sortKey: '2024-999999' };
const rerun = allocateSeats(rooms, [...candidates.slice(1), extra], { ...options, previous });
const before = new Map(smart.result.assignments.map((a) => [a.applicationId, a.seatId]));
const movedOnRerun = rerun.assignments.filter(
  (a) => before.has(a.applicationId) && before.get(a.applicationId) !== a.seatId,
).length;

// a hard case: one unit holds 11,000 of the 20,000 candidates (more than can sit apart)
const skewed = candidates.map((c, i) => ({ ...c, unitId: i < 11_000 ? 'BIG' : c.unitId }));
const hardNaive = naiveAllocateSeats(rooms, skewed, options);
const hard = measure('hard case', () => allocateSeats(rooms, skewed, options));

const mib = (bytes) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
console.log(
  `座位编排基准：${candidates.length} 名考生，${units.size} 个单位，${ROOMS} 个考场 × ${ROWS * COLUMNS} 座（每场留 ${SPARE} 个备用座位）`,
);
console.log(`(largest unit: ${largest} candidates; capacity ${smart.result.summary.capacity})`);
for (const m of [naive, smart]) {
  const s = m.result.summary;
  console.log(
    `${m.label.padEnd(20)} median of ${RUNS}: ${m.medianMs.toFixed(0).padStart(6)} ms   placed ${s.placed}, not placed ${s.notPlaced}, ` +
      `same-unit adjacencies ${s.sameUnitAdjacencies}${m === smart ? `, repair swaps ${s.repairSwaps}` : ''}`,
  );
}
console.log(
  `hard case (one unit of 11,000) median of ${RUNS}: ${hard.medianMs.toFixed(0)} ms, same-unit adjacencies ` +
    `${hard.result.summary.sameUnitAdjacencies} (naive ${hardNaive.summary.sameUnitAdjacencies})`,
);
console.log(
  `re-run (one withdrawn, one added, previous seats kept): ${movedOnRerun} others moved, placed ${rerun.summary.placed}, kept ${rerun.summary.kept}`,
);
console.log(`report: ${smart.result.messages.join(' / ')}`);
console.log(`peak RSS: ${mib(process.resourceUsage().maxRSS * 1024)}`);
if (smart.medianMs > 10_000 || hard.medianMs > 10_000) {
  console.error('goal missed: allocation took more than 10 s');
  process.exitCode = 1;
}
