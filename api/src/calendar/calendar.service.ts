import { Inject, Injectable } from '@nestjs/common';
import type { CalendarYearView, CalendarYearsView, putCalendarYearRequestSchema } from '@exam/contracts';
import type { z } from 'zod';
import type { Actor, RequestOrigin } from '../access/actor.js';
import { AuditService } from '../audit/audit.service.js';
import { Clock } from '../common/clock.js';
import { Conflict, ValidationFailed } from '../common/domain-errors.js';
import { fromDay, toDay, toIso } from '../common/iso.js';
import { PRISMA, type PrismaClient } from '../database/prisma.js';
import { CalendarRepository, type CalendarYearRow } from './calendar.repository.js';
import {
  CalendarNotCovered,
  WorkingDayCalendar,
  builtInArrangements,
  yearOf,
  type YearArrangement,
} from './working-days.js';

/** How long another process's entry may go unseen here (several API processes share the database). */
const CACHE_TTL_MS = 60_000;

type EnterYearRequest = z.output<typeof putCalendarYearRequestSchema>;

/**
 * The working-day calendar of the system: the built-in arrangements plus the years the exam office has
 * entered. Other services call `calendar()` and count on it; it throws `CalendarNotCovered` for a day in a
 * year nobody has entered.
 */
@Injectable()
export class CalendarService {
  private cached: { calendar: Promise<WorkingDayCalendar>; at: number } | null = null;

  constructor(
    private readonly repository: CalendarRepository,
    private readonly audit: AuditService,
    @Inject(PRISMA) private readonly prisma: PrismaClient,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  /** The calendar in force (cached; rebuilt after an entry here, or after a minute). */
  calendar(): Promise<WorkingDayCalendar> {
    const now = Date.now();
    if (this.cached && now - this.cached.at < CACHE_TTL_MS) return this.cached.calendar;
    const calendar = this.repository
      .findAll()
      .then((rows) => new WorkingDayCalendar(rows.map(toArrangement)));
    const entry = { calendar, at: now };
    this.cached = entry;
    calendar.catch(() => {
      if (this.cached === entry) this.cached = null;
    });
    return calendar;
  }

  /** Forget the cached calendar (after a write). */
  invalidate(): void {
    this.cached = null;
  }

  async years(): Promise<CalendarYearsView> {
    const builtIn = [...builtInArrangements().keys()];
    const entered = (await this.repository.findAll()).map((r) => r.year);
    return {
      builtIn: { from: Math.min(...builtIn), to: Math.max(...builtIn) },
      entered,
      covered: [...new Set([...builtIn, ...entered])].sort((a, b) => a - b),
    };
  }

  async year(year: number): Promise<CalendarYearView> {
    const row = await this.repository.find(year);
    if (row) return toView(row);
    const builtIn = builtInArrangements().get(year);
    if (!builtIn) throw new CalendarNotCovered(year);
    return {
      year,
      origin: 'built_in',
      source: builtIn.source,
      holidays: [...builtIn.holidays],
      makeupWorkdays: [...builtIn.makeupWorkdays],
      enteredByUserId: null,
      enteredAt: null,
    };
  }

  /** Enters (or corrects) a year's announced arrangement; audited with the reason. */
  async enterYear(
    actor: Actor,
    year: number,
    request: EnterYearRequest,
    origin: RequestOrigin,
  ): Promise<CalendarYearView> {
    const issues: { path: string; message: string }[] = [];
    const outside = (field: 'holidays' | 'makeupWorkdays') =>
      request[field].forEach((day, i) => {
        if (yearOf(day) !== year) issues.push({ path: `${field}.${i}`, message: `${day} 不在 ${year} 年内` });
      });
    outside('holidays');
    outside('makeupWorkdays');
    if (issues.length)
      throw new ValidationFailed(
        `放假调休安排内容有误：${issues
          .slice(0, 5)
          .map((i) => `${i.path}：${i.message}`)
          .join('；')}`,
        issues,
      );
    if (builtInArrangements().has(year) && !request.correctsBuiltIn)
      throw new Conflict(
        `${year}年的放假调休安排已内置于系统中；如国务院发布了调整通知，请勾选“更正内置安排”（correctsBuiltIn）后再提交`,
      );

    const previous = await this.repository.find(year);
    const holidays = [...request.holidays].sort();
    const makeupWorkdays = [...request.makeupWorkdays].sort();
    const row = await this.prisma.$transaction(async (tx) => {
      const saved = await this.repository.upsert(
        {
          year,
          holidays: holidays.map(fromDay),
          makeupWorkdays: makeupWorkdays.map(fromDay),
          source: request.source,
          enteredByUserId: actor.userId,
          enteredAt: this.clock.now(),
        },
        tx,
      );
      await this.audit.record(
        actor,
        origin,
        {
          category: 'data_change',
          action: previous ? 'calendar.year_update' : 'calendar.year_enter',
          entityType: 'CalendarYear',
          entityId: String(year),
          reason: request.reason,
          details: {
            source: request.source,
            holidays,
            makeupWorkdays,
            correctsBuiltIn: request.correctsBuiltIn,
            ...(previous
              ? {
                  previous: {
                    source: previous.source,
                    holidays: previous.holidays.map((d) => toDay(d)),
                    makeupWorkdays: previous.makeupWorkdays.map((d) => toDay(d)),
                  },
                }
              : {}),
          },
        },
        tx,
      );
      return saved;
    });
    this.invalidate();
    return toView(row);
  }
}

function toArrangement(row: CalendarYearRow): YearArrangement {
  return {
    year: row.year,
    holidays: row.holidays.map((d) => toDay(d)),
    makeupWorkdays: row.makeupWorkdays.map((d) => toDay(d)),
    source: row.source,
  };
}

function toView(row: CalendarYearRow): CalendarYearView {
  return {
    year: row.year,
    origin: 'entered',
    source: row.source,
    holidays: row.holidays.map((d) => toDay(d)).sort(),
    makeupWorkdays: row.makeupWorkdays.map((d) => toDay(d)).sort(),
    enteredByUserId: row.enteredByUserId,
    enteredAt: toIso(row.enteredAt),
  };
}
