import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { calendarYearParamSchema, putCalendarYearRequestSchema } from '@exam/contracts';
import type { z } from 'zod';
import { Authenticated, CurrentActor, Origin, Roles } from '../access/access.decorators.js';
import type { Actor, RequestOrigin } from '../access/actor.js';
import { ZodPipe } from '../common/zod-pipe.js';
import { CalendarService } from './calendar.service.js';

const yearParam = new ZodPipe(calendarYearParamSchema, '年份');

@Controller('calendar')
export class CalendarController {
  constructor(private readonly calendar: CalendarService) {}

  @Get('years')
  @Authenticated()
  years() {
    return this.calendar.years();
  }

  @Get(':year')
  @Authenticated()
  year(@Param('year', yearParam) year: number) {
    return this.calendar.year(year);
  }

  @Put(':year')
  @Roles('exam_office', 'admin')
  put(
    @CurrentActor() actor: Actor,
    @Param('year', yearParam) year: number,
    @Body(new ZodPipe(putCalendarYearRequestSchema, '放假调休安排'))
    body: z.output<typeof putCalendarYearRequestSchema>,
    @Origin() origin: RequestOrigin,
  ) {
    return this.calendar.enterYear(actor, year, body, origin);
  }
}
