// One load-generating process of the autosave benchmark: holds a slice of the simulated candidates' sockets
// and, on the parent's command, saves at a rate spread over them, recording each acknowledgement's latency.
import { performance } from 'node:perf_hooks';
import { io } from 'socket.io-client';

const sockets = [];
let candidates = [];

function send(message) {
  process.send(message);
}

async function connectAll({ url, slice }) {
  candidates = slice.map((c) => ({ ...c, seq: 0 }));
  const started = performance.now();
  const cpu = process.cpuUsage();
  const latencies = [];
  let refused = 0;
  const errors = {};
  // a few hundred handshakes at a time, as browsers arriving over some seconds would
  const CONCURRENCY = 200;
  let next = 0;
  async function worker() {
    while (next < candidates.length) {
      const c = candidates[next++];
      const t0 = performance.now();
      await new Promise((resolve) => {
        const socket = io(url, {
          auth: { token: c.token, clientId: c.clientId },
          transports: ['websocket'],
          reconnection: false,
          forceNew: true,
          timeout: 60_000,
        });
        socket.once('connect', () => {
          latencies.push(performance.now() - t0);
          c.socket = socket;
          sockets.push(socket);
          resolve();
        });
        socket.once('connect_error', (error) => {
          refused++;
          const code = error.data?.code ?? error.message;
          errors[code] = (errors[code] ?? 0) + 1;
          resolve();
        });
      });
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  latencies.sort((a, b) => a - b);
  send({
    type: 'connected',
    ms,
    connected: sockets.length,
    refused,
    errors,
    p50: latencies[Math.floor(latencies.length / 2)] ?? NaN,
    p99: latencies[Math.floor(latencies.length * 0.99)] ?? NaN,
    cpuPercent: ((used.user + used.system) / 1000 / ms) * 100,
  });
}

async function run({ rate, seconds, phase, collectAcked }) {
  const latencies = [];
  const acceptedLatencies = [];
  const codes = {};
  const acked = [];
  let sent = 0;
  let skipped = 0;
  let answered = 0;
  let cursor = 0;
  const live = candidates.filter((c) => c.socket);
  const started = performance.now();
  const end = started + seconds * 1000;
  await new Promise((resolve) => {
    const tick = setInterval(() => {
      const now = performance.now();
      // a generator that falls behind does not catch up in one burst (that would block this process and
      // inflate every latency it measures): at most 20 ms worth of saves per tick, the rest is not sent
      const target = Math.floor(((Math.min(now, end) - started) / 1000) * rate);
      if (target - sent > rate / 50) {
        skipped += target - sent - Math.ceil(rate / 50);
        sent = target - Math.ceil(rate / 50);
      }
      const due = target - sent;
      for (let i = 0; i < due; i++) {
        const c = live[cursor++ % live.length];
        const seq = ++c.seq;
        const t0 = performance.now();
        sent++;
        c.socket.emit(
          'answer:save',
          {
            attemptId: c.attemptId,
            seq,
            position: 1 + (seq % 20),
            response: 'ABCD'[Math.floor(Math.random() * 4)],
            key: `${c.clientId}-${seq}`,
          },
          (ack) => {
            const ms = performance.now() - t0;
            answered++;
            latencies.push(ms);
            if (ack.ok) {
              acceptedLatencies.push(ms);
              if (collectAcked) acked.push(c.index, seq);
            } else codes[ack.code] = (codes[ack.code] ?? 0) + 1;
          },
        );
      }
      if (now >= end) {
        clearInterval(tick);
        // wait for the outstanding acks (at most 30 s)
        const waitUntil = performance.now() + 30_000;
        const wait = setInterval(() => {
          if (answered >= sent - skipped || performance.now() > waitUntil) {
            clearInterval(wait);
            resolve();
          }
        }, 20);
      }
    }, 5);
  });
  send({
    type: 'ran',
    phase,
    sent: sent - skipped,
    skipped,
    answered,
    elapsedMs: performance.now() - started,
    latencies: Float64Array.from(latencies),
    acceptedLatencies: Float64Array.from(acceptedLatencies),
    codes,
    acked,
  });
}

process.on('message', (message) => {
  if (message.type === 'connect') void connectAll(message);
  else if (message.type === 'run') void run(message);
  else if (message.type === 'close') {
    for (const s of sockets) s.disconnect();
    setTimeout(() => process.exit(0), 100);
  }
});
