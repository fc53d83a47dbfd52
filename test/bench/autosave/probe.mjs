// Preloaded into the API process by the autosave benchmark (`node --import ./probe.mjs api/bin/exam.js serve`):
// answers the parent's IPC requests with the process's CPU time and event-loop delay since the last request.
// Nothing of the product is changed; without an IPC channel it does nothing.
import { monitorEventLoopDelay } from 'node:perf_hooks';

if (process.send) {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  let cpu = process.cpuUsage();
  let since = process.hrtime.bigint();
  process.on('message', (message) => {
    if (message?.type !== 'probe') return;
    const now = process.hrtime.bigint();
    const used = process.cpuUsage(cpu);
    const wallMs = Number(now - since) / 1e6;
    process.send({
      type: 'probe',
      cpuPercent: ((used.user + used.system) / 1000 / wallMs) * 100,
      loopDelayMs: {
        p50: delay.percentile(50) / 1e6,
        p99: delay.percentile(99) / 1e6,
        max: delay.max / 1e6,
      },
      rssMb: process.memoryUsage().rss / 1048576,
    });
    delay.reset();
    cpu = process.cpuUsage();
    since = now;
  });
  // the IPC channel must not keep the API alive on its own
  process.channel?.unref();
}
