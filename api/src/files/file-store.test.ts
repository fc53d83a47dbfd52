import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Settings } from '../bootstrap/settings.js';
import { FileStore } from './file-store.js';

const dir = await mkdtemp(join(tmpdir(), 'file-store-'));
const store = new FileStore({ filesDir: dir } as Settings);
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('FileStore', () => {
  it('moves a file written in its temporary folder into the store, by the sha256 of its content', async () => {
    const bytes = Buffer.alloc(3 * 1024 * 1024, 'x');
    const path = await store.tempPath('big.zip');
    expect(path.startsWith(join(dir, '.tmp'))).toBe(true);
    await writeFile(path, bytes);
    const sha = await store.putFile(path);
    expect(sha).toBe(FileStore.sha256(bytes));
    expect(existsSync(path)).toBe(false);
    expect((await store.read(sha)).equals(bytes)).toBe(true);
    expect((await stat(join(dir, sha.slice(0, 2), sha.slice(2)))).mode & 0o777).toBe(0o600);
    // the same content again: stored once, the temporary file removed all the same
    const again = await store.tempPath();
    await writeFile(again, bytes);
    expect(await store.putFile(again)).toBe(sha);
    expect(existsSync(again)).toBe(false);
    // streamed back with its size
    const { stream, size } = await store.open(sha);
    expect(size).toBe(bytes.length);
    let read = 0;
    for await (const chunk of stream) read += (chunk as Buffer).length;
    expect(read).toBe(bytes.length);
  });

  it('stores bytes as before', async () => {
    const sha = await store.put(Buffer.from('准考证'));
    expect((await readFile(join(dir, sha.slice(0, 2), sha.slice(2)))).toString()).toBe('准考证');
  });
});
