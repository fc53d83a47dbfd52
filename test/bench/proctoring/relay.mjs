// The bare baseline of the proctoring benchmark: a plain socket.io server with @socket.io/redis-adapter (no
// API, no database). Forked twice by the benchmark: clients connect to one and join rooms; the parent tells
// the other to emit small messages to those rooms at a rate. Each message carries its send time on the
// machine's clock (timeOrigin + now, comparable across processes) and a per-room counter.
import { createServer } from 'node:http';
import { performance } from 'node:perf_hooks';
import { createAdapter } from '@socket.io/redis-adapter';
import { Redis } from 'ioredis';
import { Server } from 'socket.io';

const redisUrl = process.argv[2];
const prefix = process.argv[3];
const pub = new Redis(redisUrl);
const sub = pub.duplicate();
const http = createServer();
const server = new Server(http, {
  perMessageDeflate: false,
  serveClient: false,
  adapter: createAdapter(pub, sub, { key: prefix }),
});
server.on('connection', (socket) => {
  socket.on('join', (room, ack) => {
    void socket.join(room);
    ack?.();
  });
});

function blast({ rooms, rate, seconds }) {
  const counters = new Map(rooms.map((r) => [r, 0]));
  const started = performance.now();
  const end = started + seconds * 1000;
  let sent = 0;
  let cursor = 0;
  const tick = setInterval(() => {
    const now = performance.now();
    const target = Math.floor(((Math.min(now, end) - started) / 1000) * rate);
    for (; sent < target; sent++) {
      const room = rooms[cursor++ % rooms.length];
      const i = counters.get(room) + 1;
      counters.set(room, i);
      server.to(room).emit('m', { room, i, t: performance.timeOrigin + performance.now() });
    }
    if (now >= end) {
      clearInterval(tick);
      process.send({ type: 'blasted', sent, counters: Object.fromEntries(counters) });
    }
  }, 5);
}

http.listen(0, '127.0.0.1', () => process.send({ type: 'listening', port: http.address().port }));
process.on('message', (m) => {
  if (m.type === 'blast') blast(m);
  else if (m.type === 'close') {
    void server.close();
    pub.disconnect();
    sub.disconnect();
    setTimeout(() => process.exit(0), 50);
  }
});
