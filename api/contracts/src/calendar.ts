import { z } from 'zod';
import { dateSchema, reasonSchema } from './common.js';

/** A calendar year in a path (`/api/calendar/2027`). */
export const calendarYearParamSchema = z.coerce
  .number({ error: '年份应为数字' })
  .int({ error: '年份应为整数' })
  .min(2000, { error: '年份不能早于 2000 年' })
  .max(2100, { error: '年份不能晚于 2100 年' });

function isWeekendDay(day: string): boolean {
  const w = new Date(`${day}T00:00:00Z`).getUTCDay();
  return w === 0 || w === 6;
}

/**
 * One year's 放假调休安排 as the State Council announced it, entered by the exam office. `holidays` are all
 * days off of the holiday periods (weekend days inside them may be listed or not); `makeupWorkdays` are the
 * weekend days that become working days. A year the built-in data already covers is only replaced when
 * `correctsBuiltIn` is true (e.g. a later notice changed the arrangement).
 */
export const putCalendarYearRequestSchema = z
  .strictObject({
    holidays: z
      .array(dateSchema, { error: '请填写放假日期列表' })
      .min(1, { error: '至少填写一个放假日期' })
      .max(80, { error: '放假日期不能超过 80 天' }),
    makeupWorkdays: z
      .array(dateSchema, { error: '请填写调休上班日期列表' })
      .max(30, { error: '调休上班日期不能超过 30 天' }),
    source: z
      .string({ error: '请填写依据（国务院办公厅通知的文号或标题）' })
      .trim()
      .min(4, { error: '依据至少 4 个字' })
      .max(300, { error: '依据不能超过 300 字' }),
    reason: reasonSchema,
    correctsBuiltIn: z.boolean({ error: 'correctsBuiltIn 应为 true 或 false' }).default(false),
  })
  .superRefine((value, ctx) => {
    const seen = new Set<string>();
    value.holidays.forEach((day, i) => {
      if (seen.has(day)) ctx.addIssue({ code: 'custom', path: ['holidays', i], message: `${day} 重复填写` });
      seen.add(day);
    });
    const seenMakeup = new Set<string>();
    value.makeupWorkdays.forEach((day, i) => {
      if (seenMakeup.has(day))
        ctx.addIssue({ code: 'custom', path: ['makeupWorkdays', i], message: `${day} 重复填写` });
      seenMakeup.add(day);
      if (seen.has(day))
        ctx.addIssue({
          code: 'custom',
          path: ['makeupWorkdays', i],
          message: `${day} 不能既是放假日又是调休上班日`,
        });
      if (!isWeekendDay(day))
        ctx.addIssue({
          code: 'custom',
          path: ['makeupWorkdays', i],
          message: `${day} 不是周六或周日，调休上班日只能是周末`,
        });
    });
  });
export type PutCalendarYearRequest = z.input<typeof putCalendarYearRequestSchema>;

/** Where a year's arrangement comes from. */
export type CalendarOrigin = 'built_in' | 'entered';

export interface CalendarYearView {
  year: number;
  origin: CalendarOrigin;
  /** the notice it follows */
  source: string;
  holidays: string[];
  makeupWorkdays: string[];
  enteredByUserId: string | null;
  enteredAt: string | null;
}

export interface CalendarYearsView {
  /** the years shipped with the system */
  builtIn: { from: number; to: number };
  /** the years the office has entered (including corrections of built-in years) */
  entered: number[];
  /** every year working days can be computed for, ascending */
  covered: number[];
}
