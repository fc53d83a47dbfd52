/**
 * Calendar arithmetic on YYYY-MM-DD days, in UTC so no time zone moves a day. Durations "to a day
 * inclusive" count that day as worked: 2015-01-01 → 2024-12-31 is 10 years.
 */

function parse(day: string): Date {
  return new Date(`${day}T00:00:00Z`);
}
function format(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function addDays(day: string, days: number): string {
  const d = parse(day);
  d.setUTCDate(d.getUTCDate() + days);
  return format(d);
}

/** The same month and day `years` later (29 Feb → 1 Mar in a common year). Fractions add whole months. */
export function addYears(day: string, years: number): string {
  const d = parse(day);
  const whole = Math.trunc(years);
  const months = Math.round((years - whole) * 12);
  d.setUTCFullYear(d.getUTCFullYear() + whole, d.getUTCMonth() + months);
  return format(d);
}

export interface Span {
  years: number;
  months: number;
  days: number;
}

/** Whole years, months and days from `from` up to (not including) `to`; zero when `to` is not later. */
export function spanBetween(from: string, to: string): Span {
  if (to <= from) return { years: 0, months: 0, days: 0 };
  const [fy, fm, fd] = from.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = to.split('-').map(Number) as [number, number, number];
  let years = ty - fy;
  let months = tm - fm;
  let days = td - fd;
  if (days < 0) {
    months -= 1;
    // days of the month before `to`
    days += new Date(Date.UTC(ty, tm - 1, 0)).getUTCDate();
  }
  if (months < 0) {
    years -= 1;
    months += 12;
  }
  return { years, months, days };
}

/** The span from `from` to `through` counting `through` itself (the cut-off day is worked). */
export function spanThrough(from: string, through: string): Span {
  return spanBetween(from, addDays(through, 1));
}

/** True when at least `years` have passed from `from` to `through` inclusive. */
export function hasYearsThrough(from: string, through: string, years: number): boolean {
  return addYears(from, years) <= addDays(through, 1);
}

/** Age in whole years on `on` (the birthday itself counts). */
export function ageOn(birthDate: string, on: string): number {
  return spanBetween(birthDate, on).years;
}

/** "9年11个月", "10年", "3个月", "不足1个月" */
export function formatSpan(span: Span): string {
  if (span.years === 0 && span.months === 0) return '不足1个月';
  const y = span.years > 0 ? `${span.years}年` : '';
  const m = span.months > 0 ? `${span.months}个月` : '';
  return y + m;
}

/** "10年", "2.5年" → "2年6个月" */
export function formatYears(years: number): string {
  const whole = Math.trunc(years);
  const months = Math.round((years - whole) * 12);
  if (whole === 0 && months === 0) return '0年';
  return formatSpan({ years: whole, months, days: 0 });
}
