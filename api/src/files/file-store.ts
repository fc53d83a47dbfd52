import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { SETTINGS, type Settings } from '../bootstrap/settings.js';

/**
 * Files kept outside the database rows (uploaded materials, produced documents): content-addressed by their
 * sha256 under the files folder, written atomically, never served without an access check by the module
 * that owns the record.
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
    const exists = await stat(target).then(
      () => true,
      () => false,
    );
    if (!exists) {
      await mkdir(dirname(target), { recursive: true });
      const temp = `${target}.${randomUUID()}.tmp`;
      await writeFile(temp, bytes, { mode: 0o600 });
      await rename(temp, target);
    }
    return sha;
  }

  read(sha256: string): Promise<Buffer> {
    return readFile(this.path(sha256));
  }
}
