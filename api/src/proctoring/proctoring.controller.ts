import { Body, Controller, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { proctorActionSchema, uuidSchema } from '@exam/contracts';
import { CurrentActor, Origin, Roles } from '../access/access.decorators.js';
import type { Actor, RequestOrigin } from '../access/actor.js';
import { Clock } from '../common/clock.js';
import { ZodPipe } from '../common/zod-pipe.js';
import { ProctorActionsService, type ProctorActionInput } from './proctor-actions.service.js';
import { RoomSnapshotService } from './room-snapshot.service.js';

const sittingId = new ZodPipe(uuidSchema, '场次编号');
const roomId = new ZodPipe(uuidSchema, '考场编号');
const EXAM_STAFF = ['invigilator', 'exam_office', 'admin'] as const;

/** 监考 over HTTP: the same actions as the proctor socket, the room snapshot, and today's rooms to watch. */
@Controller()
export class ProctoringController {
  constructor(
    private readonly actions: ProctorActionsService,
    private readonly snapshots: RoomSnapshotService,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  @Post('proctor/actions')
  @HttpCode(200)
  @Roles(...EXAM_STAFF)
  act(
    @CurrentActor() actor: Actor,
    @Origin() origin: RequestOrigin,
    @Body(new ZodPipe(proctorActionSchema, '监考操作')) body: ProctorActionInput,
  ) {
    return this.actions.act(actor, origin, body);
  }

  @Get('sittings/:sittingId/rooms/:roomId/snapshot')
  @Roles(...EXAM_STAFF)
  snapshot(
    @CurrentActor() actor: Actor,
    @Origin() origin: RequestOrigin,
    @Param('sittingId', sittingId) sitting: string,
    @Param('roomId', roomId) room: string,
  ) {
    return this.snapshots.forActor(actor, origin, sitting, room, this.clock.now());
  }

  @Get('exam-day/rooms')
  @Roles(...EXAM_STAFF)
  rooms(@CurrentActor() actor: Actor) {
    return this.snapshots.examDayRooms(actor, this.clock.now());
  }
}
