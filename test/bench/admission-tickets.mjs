// Benchmark: rendering the 准考证 of a whole batch (issue 5, Performance).
//
//   npx tsc -b api && npm run bench:tickets [-- --tickets 20000 --chunk 100 --baseline 1000]
//
// Renders N synthetic tickets (3 sittings, a photo, a QR code; names include 𠮷) as chunk PDFs in the
// worker threads of the document pool, written into one ZIP, and reports seconds, pages/s, the process's
// peak memory (VmHWM: main thread and workers together) and the main thread's event-loop delay while
// rendering. The naive baseline — one pdfmake document of `--baseline` tickets on the main thread — runs in
// a child process (its own VmHWM) and is extrapolated per page to N.
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';

const dist = new URL('../../api/dist/', import.meta.url);
const { PdfPool } = await import(new URL('documents/pdf-pool.js', dist).href);
const { renderPdf } = await import(new URL('documents/pdf-renderer.js', dist).href);
const { admissionTicketsSpec } = await import(new URL('scheduling/admission-ticket-document.js', dist).href);
const { sampleTicket } = await import(new URL('scheduling/admission-ticket-samples.js', dist).href);
const { renderTicketBatch, TicketZipWriter, ticketChunkFileName } = await import(
  new URL('scheduling/ticket-rendering.js', dist).href
);

const { values } = parseArgs({
  options: {
    tickets: { type: 'string', default: '20000' },
    chunk: { type: 'string', default: '100' },
    workers: { type: 'string', default: String(availableParallelism()) },
    baseline: { type: 'string', default: '1000' },
    'baseline-only': { type: 'boolean', default: false },
    out: { type: 'string', default: '/tmp/admission-tickets-bench.zip' },
  },
});

const mib = (bytes) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
/** peak resident memory of this process (all threads), from /proc */
function vmHwm() {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return m ? Number(m[1]) * 1024 : process.memoryUsage().rss;
}

if (values['baseline-only']) {
  const n = Number(values.baseline);
  await renderPdf(admissionTicketsSpec([sampleTicket(0)])); // fonts parsed, code warm
  const list = Array.from({ length: n }, (_, i) => sampleTicket(i));
  const started = performance.now();
  const cpu0 = process.cpuUsage();
  const pdf = await renderPdf(admissionTicketsSpec(list));
  const ms = performance.now() - started;
  const cpu = process.cpuUsage(cpu0);
  console.log(
    JSON.stringify({ n, ms, cpuMs: (cpu.user + cpu.system) / 1000, bytes: pdf.length, peak: vmHwm() }),
  );
  process.exit(0);
}

const total = Number(values.tickets);
const workers = Number(values.workers);
console.log(
  `准考证 benchmark: ${total} tickets, chunks of ≤ ${values.chunk} pages, ${workers} worker threads, ${availableParallelism()} CPUs`,
);

const pool = new PdfPool({ size: workers });
// start the workers (fonts parsed) before the clock runs, as a running server has them
await Promise.all(
  Array.from({ length: workers }, () =>
    pool.run({ kind: 'pdf', spec: admissionTicketsSpec([sampleTicket(0)]) }),
  ),
);

const zip = await TicketZipWriter.create(values.out);
const delay = monitorEventLoopDelay({ resolution: 10 });
let rssMax = 0;
const sampler = setInterval(() => (rssMax = Math.max(rssMax, process.memoryUsage().rss)), 50);
let lastShown = -1;
delay.enable();
const elu0 = performance.eventLoopUtilization();
const cpu0 = process.cpuUsage();
const result = await renderTicketBatch(
  { total, load: async (offset, limit) => Array.from({ length: limit }, (_, i) => sampleTicket(offset + i)) },
  {
    render: (spec) => pool.run({ kind: 'pdf', spec }),
    sink: (chunk, pdf) => zip.add(ticketChunkFileName(chunk), pdf),
    maxPagesPerChunk: Number(values.chunk),
    concurrency: workers,
    onProgress: ({ done, total: all }) => {
      const tenth = Math.floor((done / all) * 10);
      if (tenth !== lastShown) {
        lastShown = tenth;
        process.stdout.write(`  ${done}/${all}\n`);
      }
    },
  },
);
const elu = performance.eventLoopUtilization(elu0);
const cpu = process.cpuUsage(cpu0);
delay.disable();
clearInterval(sampler);
await zip.close();
await pool.close();
const seconds = result.milliseconds / 1000;
const peak = vmHwm();

console.log(
  `\nbatch: ${total} pages in ${result.chunks.length} PDFs → ${values.out} (${mib(statSync(values.out).size)})`,
);
console.log(`  time          ${seconds.toFixed(1)} s (${(total / seconds).toFixed(0)} pages/s)`);
// CPU time of all threads: on a shared machine the wall time says more about the neighbours than about us
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
console.log(
  `  CPU time      ${cpuSeconds.toFixed(1)} s, all threads (${((cpuSeconds * 1000) / total).toFixed(1)} ms per page; ` +
    `on ${workers} otherwise idle CPUs ≈ ${(cpuSeconds / workers).toFixed(0)} s; load average now ${loadavg()[0].toFixed(1)})`,
);
console.log(
  `  peak memory   ${mib(peak)} (VmHWM, whole process incl. workers; sampled RSS max ${mib(rssMax)})`,
);
console.log(
  `  event loop    delay (10 ms timer included) p50 ${(delay.percentile(50) / 1e6).toFixed(1)} ms, p99 ${(delay.percentile(99) / 1e6).toFixed(1)} ms, max ${(delay.max / 1e6).toFixed(1)} ms`,
);
console.log(
  `  main thread   busy ${(elu.utilization * 100).toFixed(1)} % of the time (event-loop utilisation: building specs, writing the ZIP)`,
);
if (total >= 20000) console.log(`  goal          20,000 in < 60 s: ${seconds < 60 ? 'met' : 'NOT met'}`);

const n = Number(values.baseline);
if (n > 0) {
  console.log(`\nbaseline: one pdfmake document of ${n} tickets on the main thread (child process)…`);
  const out = execFileSync(
    process.execPath,
    [new URL(import.meta.url).pathname, '--baseline-only', '--baseline', String(n)],
    {
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    },
  );
  const b = JSON.parse(out.trim().split('\n').at(-1));
  const perPage = b.ms / n;
  console.log(
    `  time          ${(b.ms / 1000).toFixed(1)} s (${perPage.toFixed(1)} ms/page; the event loop blocked all along)`,
  );
  console.log(`  CPU time      ${(b.cpuMs / 1000).toFixed(1)} s (${(b.cpuMs / n).toFixed(1)} ms per page)`);
  console.log(`  peak memory   ${mib(b.peak)} (VmHWM)`);
  console.log(
    `  extrapolated  ${((perPage * total) / 1000).toFixed(0)} s for ${total} pages in one thread → batch is ${((perPage * total) / result.milliseconds).toFixed(1)}× faster`,
  );
}
