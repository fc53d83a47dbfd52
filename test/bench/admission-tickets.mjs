// Benchmark: rendering the 准考证 of a whole batch (issue 5, Performance; goal: 20,000 in < 60 s on this
// 2-core machine, memory bounded).
//
//   npm run bench:tickets [-- --tickets 20000 --chunk 100 --workers 2 --baseline 1000]
//
// Renders N synthetic tickets (3 sittings, a photo, a QR code; names include 𠮷 and 䶮) with
// `renderTicketBatch` — chunk PDFs drawn with pdfkit (`renderAdmissionTicketsPdf`) in the worker threads of
// a document pool, written as they finish into one ZIP file — and reports tickets/s, the total time, the
// process's peak memory (VmHWM: main thread and workers together), and the main thread's event-loop
// utilisation and delay while rendering. The naive baseline — one pdfmake document of `--baseline` tickets
// on the main thread, as the ticket was rendered before — runs in a child process (its own VmHWM) and is
// extrapolated per page to N. The machine is shared: the load average is printed with the figures.
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { maskIdNumber } from '@exam/contracts';

const dist = new URL('../../api/dist/', import.meta.url);
const { PdfPool } = await import(new URL('documents/pdf-pool.js', dist).href);
const { renderPdf } = await import(new URL('documents/pdf-renderer.js', dist).href);
const { ADMISSION_TICKET_RULES, admissionTicketTitle, sittingWhen } = await import(
  new URL('scheduling/admission-ticket-document.js', dist).href
);
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
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(', ');
/** peak resident memory of this process (all threads), from /proc */
function vmHwm() {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return m ? Number(m[1]) * 1024 : process.memoryUsage().rss;
}

/**
 * The baseline's document: the ticket as the pdfmake `DocumentSpec` it was before the pdfkit page
 * (unchanged, kept here only to measure against).
 */
function pdfmakeTicketsSpec(list) {
  const label = (text, colSpan = 1) => ({ kind: 'label', text, colSpan });
  const value = (text, colSpan = 1, bold = false) => ({
    kind: 'value',
    text,
    colSpan,
    ...(bold ? { bold } : {}),
  });
  const blocks = [];
  list.forEach((d, i) => {
    if (i > 0) blocks.push({ kind: 'pageBreak' });
    const photo = d.photo
      ? { kind: 'value', rowSpan: 5, image: { data: d.photo, fit: [76, 104] }, verticalAlign: 'middle' }
      : { kind: 'label', rowSpan: 5, text: '照片\n（1寸）', verticalAlign: 'middle' };
    const sittings = d.sittings.map((s) => {
      const when = sittingWhen(s);
      return [
        `${s.componentName}\n${s.subject}`,
        `${when.date}\n${when.weekday} ${when.time}`,
        `${s.venueName}\n${s.roomName}`,
        s.seatLabel,
        s.machineId ?? '—',
      ];
    });
    const rules = (d.rules ?? ADMISSION_TICKET_RULES).map((r, k) => `${k + 1}. ${r}`).join('\n');
    blocks.push(
      { kind: 'title', text: admissionTicketTitle(d.regionName), subtitle: d.batchTitle },
      {
        kind: 'form',
        columns: [1.15, 1.9, 1.05, 1.5, 1.45],
        fontSize: 10.5,
        rows: [
          { cells: [label('准考证号'), value(d.ticketNumber, 3, true), photo], height: 22 },
          {
            cells: [label('姓名'), value(d.name, 1, true), label('性别'), value(d.sex === 'M' ? '男' : '女')],
            height: 22,
          },
          { cells: [label('身份证号'), value(maskIdNumber(d.idNumber), 3)], height: 22 },
          { cells: [label('工作单位'), value(d.unitName, 3)], height: 22 },
          {
            cells: [label('考核工种'), value(d.occupationName), label('考核等级'), value(d.levelName)],
            height: 22,
          },
        ],
      },
      { kind: 'heading', text: '考核安排', level: 2 },
      {
        kind: 'table',
        columns: [
          { title: '考核科目', width: '*' },
          { title: '日期 / 时间', width: 108, align: 'center' },
          { title: '考点 / 考场', width: '*' },
          { title: '座位号', width: 40, align: 'center' },
          { title: '机位号', width: 52, align: 'center' },
        ],
        rows: sittings.length ? sittings : [['（考核安排另行通知）', '', '', '', '']],
        repeatHeader: false,
        fontSize: 9.5,
      },
      {
        kind: 'form',
        columns: [4, 1.35],
        rows: [
          { cells: [label('考场规则'), label('座位核验码')] },
          {
            cells: [
              { kind: 'value', text: rules, fontSize: 8.5, verticalAlign: 'top' },
              {
                kind: 'value',
                qr: { text: d.qrPayload, size: 96, eccLevel: 'M' },
                text: '监考人员扫码\n核验身份与座位',
                fontSize: 8,
                align: 'center',
              },
            ],
          },
        ],
      },
      {
        kind: 'paragraph',
        text: `考生签名：${'\u3000'.repeat(10)}（入场时在监考人员面前签署）`,
        fontSize: 9.5,
        marginTop: 8,
      },
    );
  });
  const first = list[0];
  return {
    title: admissionTicketTitle(first.regionName),
    titleOnFirstPage: false,
    margins: [42, 40, 42, 48],
    blocks,
    footer: {
      pageNumbers: false,
      text: `${first.issuer ?? `${first.regionName}工勤技能岗位等级考核办公室`} 制 · 本准考证仅限本人本批次使用`,
    },
    subject: first.batchTitle,
  };
}

if (values['baseline-only']) {
  const n = Number(values.baseline);
  await renderPdf(pdfmakeTicketsSpec([sampleTicket(0)])); // fonts parsed, code warm
  const list = Array.from({ length: n }, (_, i) => sampleTicket(i));
  const started = performance.now();
  const cpu0 = process.cpuUsage();
  const pdf = await renderPdf(pdfmakeTicketsSpec(list));
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
  `准考证 benchmark: ${total} tickets, chunks of ≤ ${values.chunk} pages, ${workers} worker threads, ` +
    `${availableParallelism()} CPUs; load average before: ${load()}`,
);

const pool = new PdfPool({ size: workers });
// start the workers (fonts parsed, code warm) before the clock runs, as a running server has them
const warm = Array.from({ length: 5 * workers }, (_, i) => sampleTicket(i));
await Promise.all(
  Array.from({ length: workers }, (_, w) =>
    pool.run({ kind: 'layout', layout: 'admission-tickets', input: warm.slice(w * 5, w * 5 + 5) }),
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
const t0 = performance.now();
const result = await renderTicketBatch(
  { total, load: async (offset, limit) => Array.from({ length: limit }, (_, i) => sampleTicket(offset + i)) },
  {
    render: (tickets) => pool.run({ kind: 'layout', layout: 'admission-tickets', input: tickets }),
    sink: (chunk, pdf) => zip.add(ticketChunkFileName(chunk), pdf),
    maxPagesPerChunk: Number(values.chunk),
    concurrency: workers,
    onProgress: ({ done, total: all }) => {
      const tenth = Math.floor((done / all) * 10);
      if (tenth !== lastShown) {
        lastShown = tenth;
        process.stdout.write(`  ${done}/${all}  (${((performance.now() - t0) / 1000).toFixed(1)} s)\n`);
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
const loadAfter = load();

console.log(
  `\nbatch: ${total} tickets in ${result.chunks.length} PDFs → ${values.out} (${mib(statSync(values.out).size)})`,
);
console.log(`  tickets/s     ${(total / seconds).toFixed(0)}`);
console.log(
  `  total         ${seconds.toFixed(1)} s for ${total}` +
    (total === 20000 ? '' : ` (→ ${((20000 / total) * seconds).toFixed(1)} s for 20,000 at this rate)`),
);
// CPU time of all threads: on a shared machine the wall time says more about the neighbours than about us
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
console.log(
  `  CPU time      ${cpuSeconds.toFixed(1)} s, all threads (${((cpuSeconds * 1000) / total).toFixed(2)} ms per ticket; ` +
    `on ${workers} otherwise idle CPUs ≈ ${(cpuSeconds / workers).toFixed(0)} s)`,
);
console.log(
  `  peak memory   ${mib(peak)} (VmHWM, whole process incl. workers; sampled RSS max ${mib(rssMax)})`,
);
console.log(
  `  main thread   event-loop utilisation ${(elu.utilization * 100).toFixed(1)} %; delay (10 ms timer ` +
    `included) p50 ${(delay.percentile(50) / 1e6).toFixed(1)} ms, p99 ${(delay.percentile(99) / 1e6).toFixed(1)} ms, ` +
    `max ${(delay.max / 1e6).toFixed(1)} ms`,
);
console.log(`  load average  after: ${loadAfter} (1, 5, 15 min; ${availableParallelism()} CPUs)`);
if (total >= 20000) console.log(`  goal          20,000 in < 60 s: ${seconds < 60 ? 'met' : 'NOT met'}`);

const n = Number(values.baseline);
if (n > 0) {
  console.log(`\nbaseline: one pdfmake document of ${n} tickets on the main thread (child process)…`);
  const out = execFileSync(
    process.execPath,
    [new URL(import.meta.url).pathname, '--baseline-only', '--baseline', String(n)],
    { encoding: 'utf8', maxBuffer: 1 << 20 },
  );
  const b = JSON.parse(out.trim().split('\n').at(-1));
  const perPage = b.ms / n;
  console.log(
    `  time          ${(b.ms / 1000).toFixed(1)} s (${perPage.toFixed(1)} ms/page, ${(1000 / perPage).toFixed(0)} tickets/s; the event loop blocked all along)`,
  );
  console.log(`  CPU time      ${(b.cpuMs / 1000).toFixed(1)} s (${(b.cpuMs / n).toFixed(1)} ms per page)`);
  console.log(`  peak memory   ${mib(b.peak)} (VmHWM)`);
  console.log(
    `  extrapolated  ${((perPage * total) / 1000).toFixed(0)} s for ${total} tickets in one thread → the batch is ${((perPage * total) / result.milliseconds).toFixed(1)}× faster`,
  );
  console.log(`  load average  ${load()}`);
}
