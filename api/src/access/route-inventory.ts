import { RequestMethod } from '@nestjs/common';
import { PATH_METADATA, METHOD_METADATA } from '@nestjs/common/constants.js';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import type { INestApplication } from '@nestjs/common';
import { ACCESS_KEY, type AccessRule } from './access.decorators.js';

export interface RouteEntry {
  method: string;
  /** full path under the global prefix, e.g. /api/users/:id */
  path: string;
  controller: string;
  handler: string;
  access: AccessRule | undefined;
}

function joinPath(...parts: string[]): string {
  return `/${parts
    .map((p) => p.replace(/^\/+|\/+$/g, ''))
    .filter(Boolean)
    .join('/')}`;
}

/** Every HTTP route of the application with the access rule it declares (undefined: none declared). */
export function listRoutes(app: INestApplication, globalPrefix: string): RouteEntry[] {
  const discovery = app.get(DiscoveryService);
  const scanner = app.get(MetadataScanner);
  const reflector = app.get(Reflector);
  const routes: RouteEntry[] = [];
  for (const wrapper of discovery.getControllers()) {
    const { instance, metatype } = wrapper;
    if (!instance || !metatype) continue;
    const base = (Reflect.getMetadata(PATH_METADATA, metatype) as string | string[] | undefined) ?? '';
    const prototype = Object.getPrototypeOf(instance) as Record<string, unknown>;
    for (const name of scanner.getAllMethodNames(prototype)) {
      const handler = prototype[name] as object;
      const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      if (method === undefined) continue;
      const subPath = (Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined) ?? '';
      const access = reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_KEY, [
        handler as never,
        metatype,
      ]);
      for (const b of [base].flat()) {
        for (const s of [subPath].flat()) {
          routes.push({
            method: RequestMethod[method],
            path: joinPath(globalPrefix, b, s),
            controller: metatype.name,
            handler: name,
            access,
          });
        }
      }
    }
  }
  return routes.sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
}

/** Refuses to start an application with a route that nobody declared access for. */
export function assertEveryRouteDeclared(routes: RouteEntry[]): void {
  const undeclared = routes.filter((r) => !r.access);
  if (undeclared.length) {
    throw new Error(
      `Routes without an access declaration (@Public, @Authenticated, @Roles or @ExamCandidate): ${undeclared
        .map((r) => `${r.method} ${r.path} (${r.controller}.${r.handler})`)
        .join(', ')}`,
    );
  }
}
