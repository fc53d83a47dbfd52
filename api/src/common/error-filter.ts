import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { ApiError } from '@exam/contracts';
import type { Response } from 'express';
import { DomainError, RateLimited } from './domain-errors.js';

const HTTP_CODES: Record<number, { error: string; message: string }> = {
  400: { error: 'validation_failed', message: '请求有误' },
  401: { error: 'unauthenticated', message: '请先登录' },
  403: { error: 'forbidden', message: '无权执行此操作' },
  404: { error: 'not_found', message: '请求的地址不存在' },
  405: { error: 'not_found', message: '不支持此请求方法' },
  413: { error: 'payload_too_large', message: '请求内容过大' },
  415: { error: 'unsupported_media_type', message: '请求内容格式不受支持' },
};

/** Prisma errors a request can cause; anything else is a fault of ours (500). */
function fromPrisma(error: unknown): ApiError | null {
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'string' || !/^P\d{4}$/.test(code)) return null;
  switch (code) {
    case 'P2002':
      return { statusCode: 409, error: 'conflict', message: '记录已存在（唯一性冲突），请检查是否重复提交' };
    case 'P2003':
      return { statusCode: 409, error: 'conflict', message: '引用的记录不存在或仍被其他记录使用' };
    case 'P2025':
      return { statusCode: 404, error: 'not_found', message: '没有找到要操作的记录' };
    default:
      return null;
  }
}

/** Turns every error into the ApiError body; a 500 never leaks internals, only an id to quote. */
export function toApiError(error: unknown, logger: Logger): ApiError & { retryAfter?: number } {
  if (error instanceof DomainError) {
    const body: ApiError & { retryAfter?: number } = {
      statusCode: error.status,
      error: error.code,
      message: error.message,
    };
    if (error.issues) body.issues = error.issues;
    if (error instanceof RateLimited) body.retryAfter = error.retryAfterSeconds;
    return body;
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const known = HTTP_CODES[status];
    if (known) return { statusCode: status, ...known };
    if (status < 500) return { statusCode: status, error: 'validation_failed', message: error.message };
  }
  const prisma = fromPrisma(error);
  if (prisma) return prisma;
  const ref = Math.random().toString(36).slice(2, 10);
  logger.error(`[${ref}] ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  return {
    statusCode: 500,
    error: 'internal_error',
    message: `服务器内部错误，请稍后重试（错误编号 ${ref}）`,
  };
}

@Catch()
export class ApiErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('ApiError');

  catch(error: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const { retryAfter, ...body } = toApiError(error, this.logger);
    if (retryAfter) response.setHeader('Retry-After', String(retryAfter));
    response.status(body.statusCode).json(body);
  }
}
