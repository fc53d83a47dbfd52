import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, type ReadStream } from 'node:fs';
import { chmod, copyFile, mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { SETTINGS, type Settings } from '../bootstrap/settings.js';

/**
 * Files kept outside the database rows (uploaded materials, produced documents): content-addressed by their
 * sha256 under the files folder, written atomically, never served without an access check by the module
 * that owns the record. Big produced files (a ZIP of 20,000 准考证) are written to a temporary file in the
 * folder (`tempPath`) and moved in (`putFile`), never held in memory.
 */
@Injectable()
export class FileStore {
  constructor(@Inject(SETTINGS) private readonly settings: Settings) {}

  private path(sha256: string): string {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error(`not a sha256: ${sha256}`);
    return join(this.settings.filesDir, sha256.slice(0, 2), sha256.slice(2));
  }

  static sha256(bytes: Buffer): string {
    return createHash('sha256').update(bytes).digest('hex');
  }

  /** Stores the bytes (once per content) and returns their sha256. */
  async put(bytes: Buffer): Promise<string> {
    const sha = FileStore.sha256(bytes);
    const target = this.path(sha);
    if (!(await exists(target))) {
      await mkdir(dirname(target), { recursive: true });
      const temp = `${target}.${randomUUID()}.tmp`;
      await writeFile(temp, bytes, { mode: 0o600 });
      await rename(temp, target);
    }
    return sha;
  }

  /**
   * A new path in the files folder's temporary directory, for a file to be stored with `putFile` (same
   * file system, so it is moved, not copied). Whoever writes it removes it if it is not stored.
   */
  async tempPath(name = 'file'): Promise<string> {
    const dir = join(this.settings.filesDir, '.tmp');
    await mkdir(dir, { recursive: true });
    return join(dir, `${randomUUID()}-${name}`);
  }

  /**
   * Stores the file at `path` by moving it in (hashed as a stream first) and returns its sha256; the file is
   * no longer at `path` afterwards (also when the same content was stored already).
   */
  async putFile(path: string): Promise<string> {
    const hash = createHash('sha256');
    for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
    const sha = hash.digest('hex');
    const target = this.path(sha);
    if (await exists(target)) {
      await rm(path, { force: true });
      return sha;
    }
    await mkdir(dirname(target), { recursive: true });
    await chmod(path, 0o600);
    try {
      await rename(path, target);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
      // another file system (a path not from `tempPath`): copied in, atomically
      const temp = `${target}.${randomUUID()}.tmp`;
      await copyFile(path, temp);
      await rename(temp, target);
      await rm(path, { force: true });
    }
    return sha;
  }

  read(sha256: string): Promise<Buffer> {
    return readFile(this.path(sha256));
  }

  /** A stored file as a stream, with its size (for downloads of big files). */
  async open(sha256: string): Promise<{ stream: ReadStream; size: number }> {
    const path = this.path(sha256);
    const { size } = await stat(path);
    return { stream: createReadStream(path), size };
  }
}

const exists = (path: string) =>
  stat(path).then(
    () => true,
    () => false,
  );
