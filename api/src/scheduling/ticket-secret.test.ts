import 'reflect-metadata';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Settings } from '../bootstrap/settings.js';
import { TicketsService } from './tickets.service.js';

/** The QR key: EXAM_TICKET_SECRET when set, otherwise one kept per installation across restarts. */
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function service(settings: Partial<Settings>): TicketsService {
  const none = {} as never;
  return new TicketsService(none, none, none, none, none, none, settings as Settings, none);
}

describe('准考证 QR key', () => {
  it('keeps a generated key in the files folder, so a restart signs alike', () => {
    const filesDir = mkdtempSync(join(tmpdir(), 'exam-ticket-secret-'));
    dirs.push(filesDir);
    const first = service({ ticketSecret: null, filesDir }).sign('DEMO-000001');
    const second = service({ ticketSecret: null, filesDir }).sign('DEMO-000001');
    expect(second).toBe(first);
    expect(statSync(join(filesDir, '.ticket-secret')).mode & 0o777).toBe(0o600);
    const other = mkdtempSync(join(tmpdir(), 'exam-ticket-secret-'));
    dirs.push(other);
    expect(service({ ticketSecret: null, filesDir: other }).sign('DEMO-000001')).not.toBe(first);
  });

  it('uses EXAM_TICKET_SECRET when it is set', () => {
    const a = service({ ticketSecret: 'a-long-enough-secret', filesDir: '/nonexistent' }).sign('X');
    const b = service({ ticketSecret: 'a-long-enough-secret', filesDir: '/elsewhere' }).sign('X');
    expect(a).toBe(b);
    expect(a).toMatch(/^[0-9a-f]{16}$/);
  });
});
