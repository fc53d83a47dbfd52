import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import {
  handbookPreviewQuerySchema,
  handbookVersionParamSchema,
  openSittingSchema,
  publishHandbookSchema,
  publishSittingsSchema,
  uuidSchema,
  type HandbookPreviewQuery,
  type OpenSittingRequest,
  type PublishHandbookRequest,
  type PublishSittingsRequest,
} from '@exam/contracts';
import type { Response } from 'express';
import { CurrentActor, Origin, Roles } from '../access/access.decorators.js';
import type { Actor, RequestOrigin } from '../access/actor.js';
import { ZodPipe } from '../common/zod-pipe.js';
import { sendFile } from '../files/send-file.js';
import { HandbookService } from './handbook.service.js';
import { SittingOpeningService } from './sitting-opening.service.js';

const batchId = new ZodPipe(uuidSchema, '批次编号');

const OFFICE = ['exam_office', 'admin'] as const;
const READERS = ['exam_office', 'admin', 'invigilator'] as const;

/** 考务手册: status, draft preview, publication (a job) and download of published versions. */
@Controller('batches/:batchId/handbook')
export class HandbookController {
  constructor(private readonly handbook: HandbookService) {}

  @Get()
  @Roles(...READERS)
  get(@CurrentActor() actor: Actor, @Param('batchId', batchId) id: string) {
    return this.handbook.get(actor, id);
  }

  @Get('preview.pdf')
  @Roles(...OFFICE)
  async preview(
    @CurrentActor() actor: Actor,
    @Origin() origin: RequestOrigin,
    @Param('batchId', batchId) id: string,
    @Query(new ZodPipe(handbookPreviewQuerySchema, '预览范围')) query: HandbookPreviewQuery,
    @Res() response: Response,
  ) {
    const file = await this.handbook.preview(actor, origin, id, query);
    sendFile(response, file.bytes, file.fileName);
  }

  @Post('publish')
  @HttpCode(202)
  @Roles(...OFFICE)
  publish(
    @CurrentActor() actor: Actor,
    @Origin() origin: RequestOrigin,
    @Param('batchId', batchId) id: string,
    @Body(new ZodPipe(publishHandbookSchema, '发布考务手册')) body: PublishHandbookRequest,
  ) {
    return this.handbook.publish(actor, origin, id, body);
  }

  @Get('versions/:version/pdf')
  @Roles(...READERS)
  async download(
    @CurrentActor() actor: Actor,
    @Origin() origin: RequestOrigin,
    @Param('batchId', batchId) id: string,
    @Param('version', new ZodPipe(handbookVersionParamSchema, '版本号')) version: number,
    @Res() response: Response,
  ) {
    const file = await this.handbook.download(actor, origin, id, version);
    sendFile(response, file.bytes, file.fileName);
  }
}

/** A sitting's way to the exam: publish a batch's draft sittings, open one sitting. */
@Controller()
export class SittingOpeningController {
  constructor(private readonly opening: SittingOpeningService) {}

  @Post('batches/:batchId/sittings/publish')
  @HttpCode(200)
  @Roles(...OFFICE)
  publishAll(
    @CurrentActor() actor: Actor,
    @Origin() origin: RequestOrigin,
    @Param('batchId', batchId) id: string,
    @Body(new ZodPipe(publishSittingsSchema, '发布场次')) body: PublishSittingsRequest,
  ) {
    return this.opening.publishAll(actor, origin, id, body);
  }

  @Post('sittings/:id/open')
  @HttpCode(200)
  @Roles(...READERS)
  open(
    @CurrentActor() actor: Actor,
    @Origin() origin: RequestOrigin,
    @Param('id', new ZodPipe(uuidSchema, '场次编号')) id: string,
    @Body(new ZodPipe(openSittingSchema, '开考')) body: OpenSittingRequest,
  ) {
    return this.opening.open(actor, origin, id, body);
  }
}
