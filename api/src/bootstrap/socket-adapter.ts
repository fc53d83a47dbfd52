import type { INestApplicationContext } from '@nestjs/common';
import { Logger } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import { Redis } from 'ioredis';

// @nestjs/platform-socket.io brings its own copy of socket.io: take its types, not the workspace's
type IoServer = ReturnType<IoAdapter['createIOServer']>;
type IoServerOptions = NonNullable<Parameters<IoAdapter['createIOServer']>[1]>;

/**
 * socket.io on the API's own HTTP server, at the default path /socket.io/ (engine.io answers that path
 * before Express sees the request, so neither the static apps nor the /api prefix get in the way).
 * Tuned for many small messages from thousands of candidates:
 *  - no per-message compression (CPU for nothing on ~200-byte saves);
 *  - engine.io's ping/pong is the clients' heartbeat: a client that stops answering is disconnected within
 *    pingInterval + pingTimeout = 9 s (the room view shows it as 已断线);
 *  - a message is at most 64 KB (the largest legitimate one, a short answer of 5000 characters, is ~20 KB);
 *  - the client bundle is not served (the exam client bundles socket.io-client).
 * With a Redis URL, the rooms of every namespace are shared by all API processes through
 * @socket.io/redis-adapter (a console on one process sees candidates on another); without it one process
 * works alone.
 */
export class ExamIoAdapter extends IoAdapter {
  private readonly log = new Logger('socket.io');
  private readonly redisClients: Redis[] = [];

  constructor(
    app: INestApplicationContext,
    private readonly redisUrl: string | null = null,
  ) {
    super(app);
  }

  override createIOServer(port: number, options?: IoServerOptions): IoServer {
    const server = super.createIOServer(port, {
      ...options,
      perMessageDeflate: false,
      httpCompression: false,
      pingInterval: 5_000,
      pingTimeout: 4_000,
      maxHttpBufferSize: 64 * 1024,
      serveClient: false,
      connectTimeout: 20_000,
    } as IoServerOptions);
    if (this.redisUrl && this.redisClients.length === 0) {
      const pub = new Redis(this.redisUrl, { maxRetriesPerRequest: 3 });
      const sub = pub.duplicate();
      for (const client of [pub, sub]) {
        client.on('error', (error) => this.log.warn(`Redis 适配器：${error.message}`));
        this.redisClients.push(client);
      }
      (server as unknown as { adapter(factory: unknown): void }).adapter(
        createAdapter(pub, sub, { requestsTimeout: 2_000 }),
      );
    }
    return server;
  }

  override async close(server: IoServer): Promise<void> {
    await super.close(server);
    await Promise.all(this.redisClients.splice(0).map((client) => client.quit().catch(() => undefined)));
  }
}
