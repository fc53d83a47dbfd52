import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { extname, isAbsolute, relative, resolve } from 'node:path';
import type { ItemImage } from '@exam/contracts';

export const MAX_IMAGE_BYTES = 512 * 1024;

const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG_MAGIC = [0xff, 0xd8, 0xff];

function startsWith(bytes: Uint8Array, magic: number[]): boolean {
  return magic.every((b, i) => bytes[i] === b);
}

/** PNG or JPEG by the file's first bytes, whatever its name says. */
export function sniffImageType(bytes: Uint8Array): ItemImage['mediaType'] | null {
  if (startsWith(bytes, PNG_MAGIC)) return 'image/png';
  if (startsWith(bytes, JPEG_MAGIC)) return 'image/jpeg';
  return null;
}

export type ImageCheck = { ok: true; image: ItemImage } | { ok: false; messages: string[] };

/**
 * Checks a picture an item references: relative to `root` and inside it, present, a PNG or JPEG by its
 * magic bytes (matching its extension), at most 512 KB. Results are cached per path for the whole input.
 */
export class ImageChecker {
  private readonly cache = new Map<string, ImageCheck>();

  constructor(private readonly root: string) {}

  check(path: string): ImageCheck {
    const cached = this.cache.get(path);
    if (cached) return cached;
    const result = this.checkUncached(path);
    this.cache.set(path, result);
    return result;
  }

  private checkUncached(path: string): ImageCheck {
    if (isAbsolute(path) || /^[a-z]+:/i.test(path))
      return { ok: false, messages: [`图片路径 ${path} 应为相对题库文件夹的路径（如 images/xxx.png）`] };
    const full = resolve(this.root, path);
    const rel = relative(this.root, full);
    if (rel.startsWith('..') || isAbsolute(rel))
      return { ok: false, messages: [`图片路径 ${path} 指向题库文件夹之外`] };
    let bytes: Buffer;
    try {
      if (!statSync(full).isFile()) return { ok: false, messages: [`图片 ${path} 不是文件`] };
      bytes = readFileSync(full);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      return {
        ok: false,
        messages: [
          code === 'ENOENT' ? `图片 ${path} 不存在` : `无法读取图片 ${path}（${code ?? String(error)}）`,
        ],
      };
    }
    const messages: string[] = [];
    const mediaType = sniffImageType(bytes);
    if (!mediaType) messages.push(`图片 ${path} 不是 PNG 或 JPEG 文件（按文件头判断）`);
    const ext = extname(path).toLowerCase();
    if (mediaType === 'image/png' && ext !== '.png') messages.push(`图片 ${path} 实为 PNG，扩展名应为 .png`);
    if (mediaType === 'image/jpeg' && ext !== '.jpg' && ext !== '.jpeg')
      messages.push(`图片 ${path} 实为 JPEG，扩展名应为 .jpg 或 .jpeg`);
    if (bytes.length > MAX_IMAGE_BYTES)
      messages.push(`图片 ${path} 大小 ${Math.ceil(bytes.length / 1024)} KB，超过 512 KB 上限`);
    if (messages.length || !mediaType) return { ok: false, messages };
    return {
      ok: true,
      image: {
        path: path.split('\\').join('/'),
        mediaType,
        bytes: bytes.length,
        sha256: createHash('sha256').update(bytes).digest('hex'),
      },
    };
  }
}
