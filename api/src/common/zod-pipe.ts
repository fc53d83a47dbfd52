import type { PipeTransform } from '@nestjs/common';
import type { z } from 'zod';
import { ValidationFailed } from './domain-errors.js';

export function formatIssues(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.map((issue) => {
    const path = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      return { path, message: `不允许的字段：${issue.keys.join('、')}` };
    }
    return { path, message: issue.message };
  });
}

/** Validates a body, query or param with a contracts schema; unknown fields are refused by strict schemas. */
export class ZodPipe<S extends z.ZodType> implements PipeTransform<unknown, z.output<S>> {
  constructor(
    private readonly schema: S,
    private readonly what: string = '请求',
  ) {}

  transform(value: unknown): z.output<S> {
    if (value === undefined) value = {};
    const result = this.schema.safeParse(value);
    if (result.success) return result.data;
    const issues = formatIssues(result.error);
    const summary = issues
      .slice(0, 5)
      .map((i) => (i.path ? `${i.path}：${i.message}` : i.message))
      .join('；');
    throw new ValidationFailed(`${this.what}内容有误：${summary}`, issues);
  }
}
