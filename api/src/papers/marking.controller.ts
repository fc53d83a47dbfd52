import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  markTaskSchema,
  markingQuerySchema,
  uuidSchema,
  type MarkTaskRequest,
  type MarkingQuery,
} from '@exam/contracts';
import { CurrentActor, Origin, Roles } from '../access/access.decorators.js';
import type { Actor, RequestOrigin } from '../access/actor.js';
import { ZodPipe } from '../common/zod-pipe.js';
import { MarkingService } from './marking.service.js';

const MARKERS = ['panel_member', 'exam_office', 'admin'] as const;

/** 阅卷: anonymous short-answer marking. */
@Controller('marking/tasks')
export class MarkingController {
  constructor(private readonly marking: MarkingService) {}

  @Get()
  @Roles(...MARKERS)
  list(
    @CurrentActor() actor: Actor,
    @Query(new ZodPipe(markingQuerySchema, '查询条件')) query: MarkingQuery,
  ) {
    return this.marking.list(actor, query);
  }

  @Post(':id')
  @HttpCode(200)
  @Roles(...MARKERS)
  mark(
    @CurrentActor() actor: Actor,
    @Origin() origin: RequestOrigin,
    @Param('id', new ZodPipe(uuidSchema, '阅卷任务编号')) id: string,
    @Body(new ZodPipe(markTaskSchema, '评分')) body: MarkTaskRequest,
  ) {
    return this.marking.mark(actor, origin, id, body);
  }
}
