/** Scores and points are integers in tenths (1 point = 10); the console shows and reads them as points. */

/** 25 → "2.5", 20 → "2" (for 分值 and rubric points). */
export function pointsText(tenths: number): string {
  return Number.isInteger(tenths / 10) ? String(tenths / 10) : (tenths / 10).toFixed(1);
}

/** One decimal always, '—' for none: 25 → "2.5", 20 → "2.0" (for scores). */
export function pointsFixed(tenths: number | null | undefined): string {
  return tenths === null || tenths === undefined ? '—' : (tenths / 10).toFixed(1);
}

export type PointsParse = { ok: true; tenths: number } | { ok: false; message: string };

/**
 * A points entry as tenths: "2.5" → 25. Refuses what is empty, not a number, negative, finer than 0.1 point
 * or above `maxTenths`.
 */
export function parsePoints(text: string, maxTenths?: number): PointsParse {
  const trimmed = text.trim();
  if (!trimmed) return { ok: false, message: '请填写分数' };
  if (!/^-?\d+(\.\d+)?$/.test(trimmed)) return { ok: false, message: '分数应为数字，如 7 或 7.5' };
  const value = Number(trimmed);
  if (value < 0) return { ok: false, message: '分数不能为负' };
  const tenths = Math.round(value * 10);
  if (Math.abs(tenths - value * 10) > 1e-6) return { ok: false, message: '分数最多保留一位小数' };
  if (maxTenths !== undefined && tenths > maxTenths)
    return { ok: false, message: `分数不能超过本题满分 ${pointsText(maxTenths)} 分` };
  return { ok: true, tenths };
}

/** A whole number entry (题数, 时长): the number, or null when it is not a positive integer. */
export function parseCount(text: string): number | null {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed)) return null;
  return Number(trimmed);
}
