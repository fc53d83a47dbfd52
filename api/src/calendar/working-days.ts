import { createRequire } from 'node:module';
import { DomainError } from '../common/domain-errors.js';

/**
 * Working days in mainland China: Monday–Friday, minus the public holidays the State Council announces each
 * year, plus the weekend days it declares working days in exchange (调休). Days are `YYYY-MM-DD` strings in
 * Asia/Shanghai; callers turn instants into days with `shanghaiDay` from @exam/contracts.
 *
 * The built-in arrangements come from `chinese-days` (2004–2026). That package treats any later year as an
 * ordinary run of weeks, which would silently miscount every holiday; here a day in a year that is neither
 * built in nor entered by the exam office is refused with `CalendarNotCovered`.
 */

/** One year's announced arrangement. */
export interface YearArrangement {
  year: number;
  /** days off (may include the weekend days inside a holiday period) */
  holidays: readonly string[];
  /** weekend days that are working days (调休上班) */
  makeupWorkdays: readonly string[];
  /** where it comes from: the State Council notice, or the built-in data */
  source: string;
}

export type ArrangementOrigin = 'built_in' | 'entered';

export class CalendarNotCovered extends DomainError {
  constructor(readonly year: number) {
    super(
      'validation_failed',
      422,
      `${year}年的节假日安排尚未录入，无法计算工作日；请考务管理人员先录入该年度国务院公布的放假调休安排`,
    );
  }
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

function dayNumber(day: string): number {
  const m = DAY.exec(day);
  if (!m) throw new RangeError(`not a YYYY-MM-DD day: ${day}`);
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  if (new Date(t).toISOString().slice(0, 10) !== day) throw new RangeError(`no such day: ${day}`);
  return t / MS_PER_DAY;
}

function dayString(n: number): string {
  return new Date(n * MS_PER_DAY).toISOString().slice(0, 10);
}

/** The year of a `YYYY-MM-DD` day (validated). */
export function yearOf(day: string): number {
  dayNumber(day);
  return Number(day.slice(0, 4));
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOf(day: string): number {
  return (((dayNumber(day) + 4) % 7) + 7) % 7;
}

export function isWeekend(day: string): boolean {
  const w = weekdayOf(day);
  return w === 0 || w === 6;
}

/** The day `n` days after `day` (negative: before). */
export function shiftDay(day: string, n: number): string {
  return dayString(dayNumber(day) + n);
}

interface YearSets {
  holidays: Set<string>;
  makeup: Set<string>;
  source: string;
  origin: ArrangementOrigin;
}

interface ChineseDaysData {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

let builtInCache: Map<number, YearArrangement> | null = null;

/** The arrangements shipped with `chinese-days`, by year. */
export function builtInArrangements(): ReadonlyMap<number, YearArrangement> {
  if (builtInCache) return builtInCache;
  const data = createRequire(import.meta.url)('chinese-days/dist/chinese-days.json') as ChineseDaysData;
  const years = new Map<number, { holidays: string[]; makeupWorkdays: string[] }>();
  const entry = (day: string) => {
    const year = Number(day.slice(0, 4));
    let e = years.get(year);
    if (!e) years.set(year, (e = { holidays: [], makeupWorkdays: [] }));
    return e;
  };
  for (const day of Object.keys(data.holidays)) entry(day).holidays.push(day);
  for (const day of Object.keys(data.workdays)) entry(day).makeupWorkdays.push(day);
  builtInCache = new Map(
    [...years.entries()]
      .sort(([a], [b]) => a - b)
      .map(([year, e]) => [
        year,
        {
          year,
          holidays: e.holidays.sort(),
          makeupWorkdays: e.makeupWorkdays.sort(),
          source: '内置数据（chinese-days，依据国务院办公厅历年放假安排通知）',
        },
      ]),
  );
  return builtInCache;
}

/**
 * The working-day calendar: the built-in arrangements, overridden year by year by the ones the office has
 * entered. Immutable; build a new one when the entered years change.
 */
export class WorkingDayCalendar {
  private readonly years = new Map<number, YearSets>();

  constructor(
    entered: readonly YearArrangement[] = [],
    builtIn: ReadonlyMap<number, YearArrangement> = builtInArrangements(),
  ) {
    for (const a of builtIn.values()) this.years.set(a.year, toSets(a, 'built_in'));
    for (const a of entered) this.years.set(a.year, toSets(a, 'entered'));
  }

  /** Whether the calendar knows the holidays of this year. */
  covers(year: number): boolean {
    return this.years.has(year);
  }

  /** Covered years, ascending. */
  coveredYears(): number[] {
    return [...this.years.keys()].sort((a, b) => a - b);
  }

  /** The arrangement in force for a year, or null when the year is not covered. */
  arrangement(year: number): (YearArrangement & { origin: ArrangementOrigin }) | null {
    const sets = this.years.get(year);
    if (!sets) return null;
    return {
      year,
      holidays: [...sets.holidays].sort(),
      makeupWorkdays: [...sets.makeup].sort(),
      source: sets.source,
      origin: sets.origin,
    };
  }

  /** Whether people work on this day; refuses a day in an uncovered year. */
  isWorkingDay(day: string): boolean {
    const year = yearOf(day);
    const sets = this.years.get(year);
    if (!sets) throw new CalendarNotCovered(year);
    if (sets.makeup.has(day)) return true;
    if (sets.holidays.has(day)) return false;
    return !isWeekend(day);
  }

  /**
   * The last day of a period that starts on `startDay` and lasts `n` working days: the n-th working day
   * counting from `startDay` itself when it is a working day (so a publicity that "starts on Monday and lasts
   * 5 working days" ends on Friday of a normal week), or from the first working day after it otherwise.
   * `n` must be an integer ≥ 1. Always `workingDaysBetween(startDay, result) === n`.
   */
  addWorkingDays(startDay: string, n: number): string {
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`n must be an integer ≥ 1, got ${n}`);
    let day = startDay;
    let counted = 0;
    for (;;) {
      if (this.isWorkingDay(day)) counted += 1;
      if (counted === n) return day;
      day = shiftDay(day, 1);
    }
  }

  /** The first working day on or after `day`. */
  nextWorkingDay(day: string): string {
    return this.addWorkingDays(day, 1);
  }

  /** The number of working days from `a` to `b`, both included; 0 when `b` is before `a`. */
  workingDaysBetween(a: string, b: string): number {
    const from = dayNumber(a);
    const to = dayNumber(b);
    let count = 0;
    for (let n = from; n <= to; n++) if (this.isWorkingDay(dayString(n))) count += 1;
    return count;
  }
}

function toSets(a: YearArrangement, origin: ArrangementOrigin): YearSets {
  return { holidays: new Set(a.holidays), makeup: new Set(a.makeupWorkdays), source: a.source, origin };
}
