import { Body, Controller, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import {
  changeBatchStatusSchema,
  createBatchSchema,
  replaceBatchWindowsSchema,
  uuidSchema,
  type ChangeBatchStatusRequest,
  type CreateBatchRequest,
  type ReplaceBatchWindowsRequest,
} from '@exam/contracts';
import { Authenticated, CurrentActor, Origin, Roles } from '../access/access.decorators.js';
import type { Actor, RequestOrigin } from '../access/actor.js';
import { ZodPipe } from '../common/zod-pipe.js';
import { BatchesService } from './batches.service.js';

const batchId = new ZodPipe(uuidSchema, '批次编号');
const PLANNERS = ['exam_office', 'admin'] as const;

/** 考核批次: create a batch, read its timeline, replace its windows, move its status. (The list is in reference.) */
@Controller('batches')
export class BatchesController {
  constructor(private readonly batches: BatchesService) {}

  @Post()
  @Roles(...PLANNERS)
  create(
    @CurrentActor() actor: Actor,
    @Origin() origin: RequestOrigin,
    @Body(new ZodPipe(createBatchSchema, '批次')) body: CreateBatchRequest,
  ) {
    return this.batches.create(actor, origin, body);
  }

  @Get(':id')
  @Authenticated()
  get(@Param('id', batchId) id: string) {
    return this.batches.get(id);
  }

  @Put(':id/windows')
  @Roles(...PLANNERS)
  replaceWindows(
    @CurrentActor() actor: Actor,
    @Origin() origin: RequestOrigin,
    @Param('id', batchId) id: string,
    @Body(new ZodPipe(replaceBatchWindowsSchema, '批次时间段')) body: ReplaceBatchWindowsRequest,
  ) {
    return this.batches.replaceWindows(actor, origin, id, body);
  }

  @Post(':id/status')
  @HttpCode(200)
  @Roles(...PLANNERS)
  changeStatus(
    @CurrentActor() actor: Actor,
    @Origin() origin: RequestOrigin,
    @Param('id', batchId) id: string,
    @Body(new ZodPipe(changeBatchStatusSchema, '批次状态')) body: ChangeBatchStatusRequest,
  ) {
    return this.batches.changeStatus(actor, origin, id, body);
  }
}
