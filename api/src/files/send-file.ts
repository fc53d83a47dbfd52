import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Response } from 'express';

const TYPES: Record<string, string> = {
  pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  zip: 'application/zip',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  bmp: 'image/bmp',
  csv: 'text/csv; charset=utf-8',
};

function headers(response: Response, fileName: string, mime?: string): void {
  const ext = fileName.split('.').pop()?.toLowerCase() ?? '';
  response.setHeader('Content-Type', mime ?? TYPES[ext] ?? 'application/octet-stream');
  response.setHeader('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`);
  response.setHeader('Cache-Control', 'private, no-store');
}

/** Sends bytes as a download with a UTF-8 file name; private, never cached. */
export function sendFile(response: Response, bytes: Buffer, fileName: string, mime?: string): void {
  headers(response, fileName, mime);
  response.end(bytes);
}

/** Sends a stream (e.g. a stored file: `FileStore.open`) as a download, as `sendFile` does bytes. */
export async function sendStream(
  response: Response,
  file: { stream: Readable; size: number },
  fileName: string,
  mime?: string,
): Promise<void> {
  headers(response, fileName, mime);
  response.setHeader('Content-Length', String(file.size));
  // a client that goes away ends the stream early: nothing to report
  await pipeline(file.stream, response).catch(() => undefined);
}
