import { IoAdapter } from '@nestjs/platform-socket.io';

// @nestjs/platform-socket.io brings its own copy of socket.io: take its types, not the workspace's
type IoServer = ReturnType<IoAdapter['createIOServer']>;
type IoServerOptions = NonNullable<Parameters<IoAdapter['createIOServer']>[1]>;

/**
 * socket.io on the API's own HTTP server, at the default path /socket.io/ (engine.io answers that path
 * before Express sees the request, so neither the static apps nor the /api prefix get in the way).
 * Tuned for many small messages from thousands of candidates:
 *  - no per-message compression (CPU for nothing on ~200-byte saves);
 *  - a dead client is noticed within pingInterval + pingTimeout = 16 s;
 *  - a message is at most 64 KB (the largest legitimate one, a short answer of 5000 characters, is ~20 KB);
 *  - the client bundle is not served (the exam client bundles socket.io-client).
 */
export class ExamIoAdapter extends IoAdapter {
  override createIOServer(port: number, options?: IoServerOptions): IoServer {
    return super.createIOServer(port, {
      ...options,
      perMessageDeflate: false,
      httpCompression: false,
      pingInterval: 8_000,
      pingTimeout: 8_000,
      maxHttpBufferSize: 64 * 1024,
      serveClient: false,
      connectTimeout: 20_000,
    } as IoServerOptions);
  }
}
