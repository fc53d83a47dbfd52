/** A `date` column (UTC midnight) as YYYY-MM-DD. */
export function toDay(value: Date): string;
export function toDay(value: Date | null): string | null;
export function toDay(value: Date | null): string | null {
  return value ? value.toISOString().slice(0, 10) : null;
}

/** YYYY-MM-DD to the Date a `date` column stores. */
export function fromDay(day: string): Date {
  return new Date(`${day}T00:00:00.000Z`);
}

export function toIso(value: Date): string;
export function toIso(value: Date | null): string | null;
export function toIso(value: Date | null): string | null {
  return value ? value.toISOString() : null;
}
