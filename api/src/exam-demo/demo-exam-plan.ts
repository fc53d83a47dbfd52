import { shanghaiDay } from '@exam/contracts';

/**
 * When and what the demo 人机对话 exam is: one sitting per Beijing day, startable at once (the room's start is
 * the invigilator's action), of 电工 五级 岗位技能 from the shipped JD02 bank. Pure: no database.
 */

/** the demo exam's own batch (the demo batch stays free for the application journey) */
export const DEMO_EXAM_BATCH_CODE = 'demo-exam';
export const DEMO_EXAM_BATCH_NAME = '新乡市工勤技能岗位等级考核演示考试批次（人机对话）';
export const DEMO_EXAM_OCCUPATION_CODE = 'JD02';
export const DEMO_EXAM_LEVEL = 'L5' as const;
/** the policy's subject name (xinxiang-2024 examines 职业道德, 职业能力, 岗位技能); the bank's code is JN */
export const DEMO_EXAM_SUBJECT = '岗位技能';
export const DEMO_EXAM_CANDIDATES = 10;
export const DEMO_EXAM_ROOM = '第1考场';
export const DEMO_EXAM_REASON = '演示数据';
/** the blueprint's duration when none is installed */
export const DEMO_EXAM_DEFAULT_MINUTES = 60;

const MINUTE = 60_000;
const BEIJING_OFFSET = 8 * 60 * MINUTE;

/** Midnight (UTC instant) that begins the Beijing day `YYYY-MM-DD`. */
export function beijingDayStart(day: string): Date {
  return new Date(`${day}T00:00:00+08:00`);
}

export interface DemoExamPlan {
  /** the Beijing day, YYYY-MM-DD */
  day: string;
  dayStart: Date;
  dayEnd: Date;
  startsAt: Date;
  durationMinutes: number;
  endsAt: Date;
  name: string;
}

/**
 * Today's demo sitting: scheduled 5 minutes before `now`, rounded down to 5 minutes (so the invigilator can
 * start the room at once), never before the day's midnight.
 */
export function demoExamPlan(now: Date, durationMinutes: number): DemoExamPlan {
  const day = shanghaiDay(now);
  const dayStart = beijingDayStart(day);
  const dayEnd = new Date(dayStart.getTime() + 24 * 60 * MINUTE);
  const earlier = now.getTime() - 5 * MINUTE;
  const rounded = Math.floor((earlier + BEIJING_OFFSET) / (5 * MINUTE)) * 5 * MINUTE - BEIJING_OFFSET;
  const startsAt = new Date(Math.max(rounded, dayStart.getTime()));
  return {
    day,
    dayStart,
    dayEnd,
    startsAt,
    durationMinutes,
    endsAt: new Date(startsAt.getTime() + durationMinutes * MINUTE),
    name: `电工五级 岗位技能 人机对话（演示 ${day}）`,
  };
}

/**
 * The exam window of the demo exam batch: it must hold the day's sitting. Returns the window to store, or
 * null when the current one already covers it.
 */
export function widenedWindow(
  current: { opensAt: Date; closesAt: Date } | null,
  plan: Pick<DemoExamPlan, 'dayStart' | 'endsAt'>,
): { opensAt: Date; closesAt: Date } | null {
  const wanted = {
    opensAt: plan.dayStart,
    closesAt: new Date(Math.max(plan.endsAt.getTime(), plan.dayStart.getTime() + 24 * 60 * MINUTE)),
  };
  if (!current)
    return { opensAt: wanted.opensAt, closesAt: new Date(wanted.opensAt.getTime() + 365 * 86_400_000) };
  if (current.opensAt <= wanted.opensAt && current.closesAt >= wanted.closesAt) return null;
  return {
    opensAt: current.opensAt <= wanted.opensAt ? current.opensAt : wanted.opensAt,
    closesAt: current.closesAt >= wanted.closesAt ? current.closesAt : wanted.closesAt,
  };
}

/** The line `exam serve --seed-demo` prints for trying the exam. */
export function demoExamLine(ticketNumber: string, idNumber: string): string {
  return `演示考试：/exam/ 准考证号 ${ticketNumber} 身份证号 ${idNumber}（监考账号 invigilator 在管理端开考）`;
}
