import type { Response } from 'express';

const TYPES: Record<string, string> = {
  pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  bmp: 'image/bmp',
  csv: 'text/csv; charset=utf-8',
};

/** Sends bytes as a download with a UTF-8 file name; private, never cached. */
export function sendFile(response: Response, bytes: Buffer, fileName: string, mime?: string): void {
  const ext = fileName.split('.').pop()?.toLowerCase() ?? '';
  response.setHeader('Content-Type', mime ?? TYPES[ext] ?? 'application/octet-stream');
  response.setHeader('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`);
  response.setHeader('Cache-Control', 'private, no-store');
  response.end(bytes);
}
