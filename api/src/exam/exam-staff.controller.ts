import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { z } from 'zod';
import {
  examReasonSchema,
  extraTimeSchema,
  uuidSchema,
  type ExamReasonRequest,
  type ExtraTimeRequest,
} from '@exam/contracts';
import { CurrentActor, Origin, Roles } from '../access/access.decorators.js';
import type { Actor, RequestOrigin } from '../access/actor.js';
import { Clock } from '../common/clock.js';
import { ZodPipe } from '../common/zod-pipe.js';
import { AttemptViewService } from './attempt-view.service.js';
import { AttemptsService } from './attempts.service.js';

const sittingId = new ZodPipe(uuidSchema, '场次编号');
const roomId = new ZodPipe(uuidSchema, '考场编号');
const attemptId = new ZodPipe(uuidSchema, '作答编号');
const reason = new ZodPipe(examReasonSchema, '操作理由');
const listQuery = new ZodPipe(z.strictObject({ roomId: uuidSchema.optional() }), '查询条件');

/** On duty in the room, or the exam office of the batch's region, or an admin (checked per room in the service). */
const EXAM_STAFF = ['invigilator', 'exam_office', 'admin'] as const;

/** Exam day, for the staff: the room's start signal, pause, resume, extra time, and the attempts of a sitting. */
@Controller()
export class ExamStaffController {
  constructor(
    private readonly attempts: AttemptsService,
    private readonly views: AttemptViewService,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  @Post('sittings/:sittingId/rooms/:roomId/start')
  @HttpCode(200)
  @Roles(...EXAM_STAFF)
  startRoom(
    @CurrentActor() actor: Actor,
    @Origin() origin: RequestOrigin,
    @Param('sittingId', sittingId) sitting: string,
    @Param('roomId', roomId) room: string,
    @Body(reason) body: ExamReasonRequest,
  ) {
    return this.attempts.startRoom(actor, origin, sitting, room, body.reason);
  }

  @Get('sittings/:sittingId/attempts')
  @Roles(...EXAM_STAFF)
  list(
    @CurrentActor() actor: Actor,
    @Origin() origin: RequestOrigin,
    @Param('sittingId', sittingId) sitting: string,
    @Query(listQuery) query: { roomId?: string | undefined },
  ) {
    return this.views.sittingAttempts(actor, origin, sitting, query.roomId, this.clock.now());
  }

  /** The candidate's photo for the identity check (核验身份), audited. */
  @Get('attempts/:id/photo')
  @Roles(...EXAM_STAFF)
  async photo(
    @CurrentActor() actor: Actor,
    @Origin() origin: RequestOrigin,
    @Param('id', attemptId) id: string,
    @Res() response: Response,
  ) {
    const photo = await this.views.staffPhoto(actor, origin, id);
    response.setHeader('Content-Type', photo.mime);
    response.setHeader('Cache-Control', 'private, no-store');
    response.send(photo.bytes);
  }

  @Post('attempts/:id/pause')
  @HttpCode(200)
  @Roles(...EXAM_STAFF)
  pause(
    @CurrentActor() actor: Actor,
    @Origin() origin: RequestOrigin,
    @Param('id', attemptId) id: string,
    @Body(reason) body: ExamReasonRequest,
  ) {
    return this.attempts.pause(actor, origin, id, body.reason);
  }

  @Post('attempts/:id/resume')
  @HttpCode(200)
  @Roles(...EXAM_STAFF)
  resume(
    @CurrentActor() actor: Actor,
    @Origin() origin: RequestOrigin,
    @Param('id', attemptId) id: string,
    @Body(reason) body: ExamReasonRequest,
  ) {
    return this.attempts.resume(actor, origin, id, body.reason);
  }

  @Post('attempts/:id/extra-time')
  @HttpCode(200)
  @Roles(...EXAM_STAFF)
  extraTime(
    @CurrentActor() actor: Actor,
    @Origin() origin: RequestOrigin,
    @Param('id', attemptId) id: string,
    @Body(new ZodPipe(extraTimeSchema, '延时')) body: ExtraTimeRequest,
  ) {
    return this.attempts.extraTime(actor, origin, id, body);
  }
}
