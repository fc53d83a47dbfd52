import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { staticApps } from './static-apps.js';

describe('staticApps', () => {
  let root: string;
  let base: string;
  let close: () => void;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'static-apps-'));
    const exam = join(root, 'exam-client');
    const consoleDir = join(root, 'proctor-console');
    mkdirSync(join(exam, 'exam'), { recursive: true });
    mkdirSync(join(exam, 'assets'), { recursive: true });
    mkdirSync(consoleDir, { recursive: true });
    writeFileSync(join(exam, 'index.html'), '<p>portal</p>');
    writeFileSync(join(exam, 'exam', 'index.html'), '<p>exam page</p>');
    writeFileSync(join(exam, 'assets', 'exam-1.js'), 'export {};');
    writeFileSync(join(consoleDir, 'index.html'), '<p>console</p>');
    const app = express();
    app.use(staticApps({ examClient: exam, proctorConsole: consoleDir }));
    app.use((_request, response) => {
      response.status(404).send('next');
    });
    const server = app.listen(0);
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = () => server.close();
  });

  afterAll(() => {
    close();
    rmSync(root, { recursive: true, force: true });
  });

  const get = (path: string) => fetch(base + path, { headers: { accept: 'text/html' }, redirect: 'manual' });

  it('serves the exam page at /exam/ and for any path under it', async () => {
    expect(await (await get('/exam/')).text()).toBe('<p>exam page</p>');
    expect(await (await get('/exam/anything/deeper')).text()).toBe('<p>exam page</p>');
  });

  it('redirects /exam to /exam/', async () => {
    const response = await get('/exam');
    expect(response.status).toBe(301);
    expect(response.headers.get('location')).toBe('/exam/');
  });

  it('keeps the portal at / and its fallback, and serves shared assets from the root', async () => {
    expect(await (await get('/')).text()).toBe('<p>portal</p>');
    expect(await (await get('/applications/42')).text()).toBe('<p>portal</p>');
    expect(await (await get('/examination')).text()).toBe('<p>portal</p>');
    expect(await (await get('/assets/exam-1.js')).text()).toBe('export {};');
    expect(await (await get('/console/rooms')).text()).toBe('<p>console</p>');
  });

  it('leaves API calls to the API', async () => {
    expect(await (await get('/api/exam/attempt')).text()).toBe('next');
  });
});
