import { Body, Controller, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import {
  allocateSeatsSchema,
  cancelSittingSchema,
  createSittingSchema,
  updateSittingSchema,
  moveCandidateSchema,
  setInvigilatorsSchema,
  uuidSchema,
  type AllocateSeatsRequest,
  type CancelSittingRequest,
  type CreateSittingRequest,
  type UpdateSittingRequest,
  type MoveCandidateRequest,
  type SetInvigilatorsRequest,
} from '@exam/contracts';
import { CurrentActor, Origin, Roles } from '../access/access.decorators.js';
import type { Actor, RequestOrigin } from '../access/actor.js';
import { ZodPipe } from '../common/zod-pipe.js';
import { AllocationService } from './allocation.service.js';
import { SittingChangesService } from './sitting-changes.service.js';
import { SittingsService } from './sittings.service.js';

const batchId = new ZodPipe(uuidSchema, '批次编号');
const sittingId = new ZodPipe(uuidSchema, '场次编号');

const PLANNERS = ['exam_office', 'admin'] as const;
const READERS = ['exam_office', 'admin', 'invigilator'] as const;

/** 场次: sittings of a batch, their invigilators, seat allocation and manual moves. */
@Controller()
export class SittingsController {
  constructor(
    private readonly sittings: SittingsService,
    private readonly allocation: AllocationService,
    private readonly changes: SittingChangesService,
  ) {}

  @Post('batches/:batchId/sittings')
  @Roles(...PLANNERS)
  create(
    @CurrentActor() actor: Actor,
    @Origin() origin: RequestOrigin,
    @Param('batchId', batchId) id: string,
    @Body(new ZodPipe(createSittingSchema, '场次')) body: CreateSittingRequest,
  ) {
    return this.sittings.create(actor, origin, id, body);
  }

  @Post('batches/:batchId/allocate')
  @HttpCode(200)
  @Roles(...PLANNERS)
  allocateBatch(
    @CurrentActor() actor: Actor,
    @Origin() origin: RequestOrigin,
    @Param('batchId', batchId) id: string,
    @Body(new ZodPipe(allocateSeatsSchema, '座位编排')) body: AllocateSeatsRequest,
  ) {
    return this.allocation.allocateBatch(actor, origin, id, body);
  }

  @Get('batches/:batchId/sittings')
  @Roles(...READERS)
  list(@CurrentActor() actor: Actor, @Param('batchId', batchId) id: string) {
    return this.sittings.list(actor, id);
  }

  @Get('sittings/:id')
  @Roles(...READERS)
  get(@CurrentActor() actor: Actor, @Param('id', sittingId) id: string) {
    return this.sittings.get(actor, id);
  }

  @Get('sittings/:id/assignments')
  @Roles(...READERS)
  seatPlan(@CurrentActor() actor: Actor, @Param('id', sittingId) id: string) {
    return this.sittings.seatPlan(actor, id);
  }

  @Get('invigilators')
  @Roles(...PLANNERS)
  invigilators() {
    return this.sittings.invigilatorOptions();
  }

  @Put('sittings/:id')
  @Roles(...PLANNERS)
  update(
    @CurrentActor() actor: Actor,
    @Origin() origin: RequestOrigin,
    @Param('id', sittingId) id: string,
    @Body(new ZodPipe(updateSittingSchema, '场次修改')) body: UpdateSittingRequest,
  ) {
    return this.changes.update(actor, origin, id, body);
  }

  @Post('sittings/:id/cancel')
  @HttpCode(200)
  @Roles(...PLANNERS)
  cancel(
    @CurrentActor() actor: Actor,
    @Origin() origin: RequestOrigin,
    @Param('id', sittingId) id: string,
    @Body(new ZodPipe(cancelSittingSchema, '取消场次')) body: CancelSittingRequest,
  ) {
    return this.changes.cancel(actor, origin, id, body);
  }

  @Put('sittings/:id/invigilators')
  @Roles(...PLANNERS)
  setInvigilators(
    @CurrentActor() actor: Actor,
    @Origin() origin: RequestOrigin,
    @Param('id', sittingId) id: string,
    @Body(new ZodPipe(setInvigilatorsSchema, '监考安排')) body: SetInvigilatorsRequest,
  ) {
    return this.sittings.setInvigilators(actor, origin, id, body);
  }

  @Post('sittings/:id/allocate')
  @HttpCode(200)
  @Roles(...PLANNERS)
  allocate(
    @CurrentActor() actor: Actor,
    @Origin() origin: RequestOrigin,
    @Param('id', sittingId) id: string,
    @Body(new ZodPipe(allocateSeatsSchema, '座位编排')) body: AllocateSeatsRequest,
  ) {
    return this.allocation.allocate(actor, origin, id, body);
  }

  @Post('sittings/:id/moves')
  @HttpCode(200)
  @Roles(...PLANNERS)
  move(
    @CurrentActor() actor: Actor,
    @Origin() origin: RequestOrigin,
    @Param('id', sittingId) id: string,
    @Body(new ZodPipe(moveCandidateSchema, '调整座位')) body: MoveCandidateRequest,
  ) {
    return this.allocation.move(actor, origin, id, body);
  }
}
