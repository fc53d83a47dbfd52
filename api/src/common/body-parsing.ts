import { Logger } from '@nestjs/common';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { ApiError } from '@exam/contracts';
import { DomainError } from './domain-errors.js';

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function send(response: Response, body: ApiError): void {
  response.status(body.statusCode).json(body);
}

/**
 * JSON bodies only, up to `limit`: a malformed body is a 400, an oversized one a 413, a body of another
 * type a 415 — each with a message a person can act on, before any route runs.
 */
export function jsonBodies(limit: string, options: { except?: RegExp } = {}) {
  const parse = express.json({ limit, strict: true });
  const logger = new Logger('BodyParsing');
  return (request: Request, response: Response, next: NextFunction) => {
    if (!BODY_METHODS.has(request.method)) return next();
    if (options.except?.test(request.path)) return next();
    const length = Number(request.headers['content-length'] ?? 0);
    const hasBody = length > 0 || request.headers['transfer-encoding'] !== undefined;
    if (!hasBody) return next();
    const type = request.headers['content-type'] ?? '';
    if (!/^application\/json\b/i.test(type)) {
      return send(response, {
        statusCode: 415,
        error: 'unsupported_media_type',
        message: '请求内容须为 JSON，并带有 Content-Type: application/json',
      });
    }
    parse(request, response, (error?: unknown) => {
      if (!error) return next();
      const kind = (error as { type?: string }).type;
      if (kind === 'entity.too.large') {
        return send(response, {
          statusCode: 413,
          error: 'payload_too_large',
          message: `请求内容过大，不能超过 ${limit}`,
        });
      }
      if (kind === 'entity.parse.failed') {
        return send(response, {
          statusCode: 400,
          error: 'malformed_json',
          message: '请求内容不是有效的 JSON，请检查格式',
        });
      }
      if (kind === 'encoding.unsupported' || kind === 'charset.unsupported') {
        return send(response, {
          statusCode: 415,
          error: 'unsupported_media_type',
          message: '请求内容须为 UTF-8 编码的 JSON',
        });
      }
      logger.warn(`body rejected: ${String(kind ?? error)}`);
      return send(response, { statusCode: 400, error: 'malformed_json', message: '无法读取请求内容' });
    });
  };
}

/** Routes that take a file as the raw request body (any content type): read by the route, after the guard. */
export const FILE_UPLOAD_ROUTE =
  /^\/api\/(?:applications\/(?:[^/]+\/materials\/[^/]+|import\/[^/]+)|incidents\/[^/]+\/attachments)$/;

export const MAX_UPLOAD_BYTES = 25 * 1024 * 1024;

/**
 * Reads a raw request body of at most `limit` bytes. Called by the upload routes, so the bytes of an
 * unauthenticated caller are never buffered; a body over the limit is drained and refused with a 413.
 */
export async function readRawBody(request: Request, limit = MAX_UPLOAD_BYTES): Promise<Buffer> {
  const tooLarge = () =>
    new DomainError('payload_too_large', 413, `上传文件过大，不能超过 ${Math.round(limit / 1024 / 1024)} MB`);
  if (Number(request.headers['content-length'] ?? 0) > limit) {
    request.resume();
    throw tooLarge();
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      request.resume();
      throw tooLarge();
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
