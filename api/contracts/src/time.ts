/** Times are stored in UTC and shown in Asia/Shanghai. */
export const DISPLAY_TIME_ZONE = 'Asia/Shanghai';

const dateTime = new Intl.DateTimeFormat('zh-CN', {
  timeZone: DISPLAY_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
});

/** 2024-03-21 09:05:00 in Beijing time */
export function formatShanghai(value: string | Date): string {
  const parts = Object.fromEntries(dateTime.formatToParts(new Date(value)).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
}

/** The calendar day in Asia/Shanghai of an instant, as YYYY-MM-DD. */
export function shanghaiDay(value: string | Date): string {
  return formatShanghai(value).slice(0, 10);
}
