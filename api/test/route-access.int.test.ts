import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type Role } from '@exam/contracts';
import { seedDemo } from '@exam/db';
import { listRoutes, type RouteEntry } from '../src/access/route-inventory.js';
import { API_PREFIX } from '../src/bootstrap/create-app.js';
import { startTestApp, type TestApp } from '../../test/support/test-app.js';
import { http, login } from '../../test/support/http.js';

/**
 * Walks every route of the application with every role (and with no login): a route that declares no
 * access fails the test; a role outside the declaration gets 403, no login gets 401, a declared role gets
 * past the access check; nobody ever gets a 500.
 */
let t: TestApp;
let routes: RouteEntry[];
const tokens = new Map<Role, string>();
const DEMO_USER: Record<Role, string> = {
  candidate: 'candidate',
  unit_hr: 'unithr',
  reviewer: 'reviewer',
  exam_office: 'office',
  invigilator: 'invigilator',
  panel_member: 'panel',
  admin: 'admin',
};

beforeAll(async () => {
  t = await startTestApp();
  await seedDemo(t.prisma);
  routes = listRoutes(t.app, API_PREFIX);
  for (const role of ROLES) tokens.set(role, await login(t.baseUrl, DEMO_USER[role], 'exam2026'));
});
afterAll(() => t.close());

/** A path with its parameters filled by ids that exist nowhere: the access check comes first. */
function concrete(path: string): string {
  return path.replace(/:[A-Za-z]+/g, '00000000-0000-4000-8000-000000000000');
}

function allowed(route: RouteEntry, role: Role): boolean {
  const access = route.access!;
  if (access.kind === 'public' || access.kind === 'authenticated') return true;
  // the exam client's routes take an exam login, never a staff session
  if (access.kind === 'exam_candidate') return false;
  return access.roles.includes(role);
}

describe('route × role', () => {
  it('finds the routes, and every route declares who may call it', () => {
    expect(routes.length).toBeGreaterThanOrEqual(20);
    const undeclared = routes.filter((r) => !r.access).map((r) => `${r.method} ${r.path}`);
    expect(undeclared).toEqual([]);
  });

  it('gives 401 without a login on every non-public route, and never a 500', async () => {
    for (const route of routes) {
      const r = await http(t.baseUrl, route.method, concrete(route.path), {
        body: route.method === 'GET' ? undefined : {},
      });
      expect(r.status, `${route.method} ${route.path}`).toBeLessThan(500);
      if (route.access!.kind !== 'public') expect(r.status, `${route.method} ${route.path}`).toBe(401);
    }
  });

  it('lets exactly the declared roles past the access check, and never answers 500', async () => {
    const table: string[] = [];
    for (const route of routes) {
      if (route.access!.kind === 'public' || route.path.endsWith('/auth/logout')) continue;
      for (const role of ROLES) {
        const r = await http(t.baseUrl, route.method, concrete(route.path), {
          token: tokens.get(role)!,
          body: route.method === 'GET' ? undefined : {},
        });
        const label = `${route.method} ${route.path} as ${role}: ${r.status} ${JSON.stringify(r.body)?.slice(0, 120)}`;
        expect(r.status, label).toBeLessThan(500);
        if (allowed(route, role)) {
          // past the gate: a 400 (empty body), 404 (no such id) or 200 — but not a role refusal
          expect(r.status === 401 || (r.status === 403 && r.body.error === 'forbidden'), label).toBe(false);
        } else {
          expect(r.status, label).toBe(403);
          expect(r.body.error, label).toBe('forbidden');
        }
        table.push(
          `${allowed(route, role) ? 'allow' : 'deny '} ${role.padEnd(12)} ${route.method} ${route.path} → ${r.status}`,
        );
      }
    }
    expect(table.length).toBe(
      routes.filter((r) => r.access!.kind !== 'public' && !r.path.endsWith('/auth/logout')).length *
        ROLES.length,
    );
  });

  it('records refused calls in the audit log', async () => {
    expect(await t.prisma.auditLog.count({ where: { action: 'access.denied' } })).toBeGreaterThan(0);
  });
});
