import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { LogLevel } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { assertEveryRouteDeclared, listRoutes } from '../access/route-inventory.js';
import { AppModule, type AppDependencies } from '../app.module.js';
import { FILE_UPLOAD_ROUTE, jsonBodies } from '../common/body-parsing.js';
import { ExamIoAdapter } from './socket-adapter.js';
import { securityHeaders, staticApps } from './static-apps.js';

export const API_PREFIX = 'api';

/** Builds the HTTP application (not yet listening). Used alike by `exam serve` and the tests. */
export async function createApp(
  deps: AppDependencies,
  options: { logLevels?: LogLevel[] } = {},
): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.with(deps), {
    bodyParser: false,
    logger: options.logLevels ?? ['error', 'warn'],
  });
  app.set('trust proxy', deps.settings.trustProxy);
  app.disable('x-powered-by');
  app.use(securityHeaders);
  app.use(jsonBodies(deps.settings.bodyLimit, { except: FILE_UPLOAD_ROUTE }));
  app.use(staticApps(deps.settings.staticDirs));
  app.setGlobalPrefix(API_PREFIX);
  // socket.io (the candidates' exam namespace) on the same HTTP server, path /socket.io/
  app.useWebSocketAdapter(new ExamIoAdapter(app, deps.settings.redisUrl ?? null));
  app.enableShutdownHooks();
  await app.init();
  assertEveryRouteDeclared(listRoutes(app, API_PREFIX));
  return app;
}
