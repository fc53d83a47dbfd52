import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import {
  closePublicitySchema,
  confirmPaymentSchema,
  createPublicitySchema,
  feeListQuerySchema,
  publicityObjectionSchema,
  reconcileStatementSchema,
  uuidSchema,
} from '@exam/contracts';
import { z } from 'zod';
import { CurrentActor, Origin, Roles } from '../access/access.decorators.js';
import type { Actor, RequestOrigin } from '../access/actor.js';
import { ZodPipe } from '../common/zod-pipe.js';
import { sendFile } from '../files/send-file.js';
import { ApplicationDocumentsService } from './application-documents.service.js';
import { FeesService } from './fees.service.js';
import { PublicityService } from './publicity.service.js';

const id = new ZodPipe(uuidSchema, '编号');
const STAFF = ['unit_hr', 'reviewer', 'exam_office', 'admin'] as const;

@Controller('publicities')
export class PublicityController {
  constructor(
    private readonly publicity: PublicityService,
    private readonly documents: ApplicationDocumentsService,
  ) {}

  @Get()
  @Roles(...STAFF)
  list(
    @CurrentActor() actor: Actor,
    @Query(new ZodPipe(z.strictObject({ batchId: uuidSchema.optional() }), '查询条件'))
    query: { batchId?: string },
  ) {
    return this.publicity.list(actor, query.batchId);
  }

  @Get(':id')
  @Roles(...STAFF)
  get(@CurrentActor() actor: Actor, @Param('id', id) publicityId: string) {
    return this.publicity.get(actor, publicityId);
  }

  @Get(':id/roster')
  @Roles(...STAFF)
  async roster(
    @CurrentActor() actor: Actor,
    @Param('id', id) publicityId: string,
    @Query(new ZodPipe(z.strictObject({ format: z.enum(['pdf', 'xlsx']).default('pdf') }), '格式'))
    query: { format: 'pdf' | 'xlsx' },
    @Res() response: Response,
  ) {
    const file = await this.documents.publicityRoster(actor, publicityId, query.format);
    sendFile(response, file.bytes, file.fileName);
  }

  @Post()
  @Roles(...STAFF)
  create(
    @CurrentActor() actor: Actor,
    @Origin() origin: RequestOrigin,
    @Body(new ZodPipe(createPublicitySchema, '公示')) body: z.output<typeof createPublicitySchema>,
  ) {
    return this.publicity.create(actor, origin, body);
  }

  @Post(':id/objections')
  @HttpCode(200)
  @Roles(...STAFF)
  objection(
    @CurrentActor() actor: Actor,
    @Origin() origin: RequestOrigin,
    @Param('id', id) publicityId: string,
    @Body(new ZodPipe(publicityObjectionSchema, '公示异议')) body: z.output<typeof publicityObjectionSchema>,
  ) {
    return this.publicity.objection(actor, origin, publicityId, body.applicationId, body.objection);
  }

  @Post(':id/close')
  @HttpCode(200)
  @Roles(...STAFF)
  close(
    @CurrentActor() actor: Actor,
    @Origin() origin: RequestOrigin,
    @Param('id', id) publicityId: string,
    @Body(new ZodPipe(closePublicitySchema, '结束公示')) body: { reason: string },
  ) {
    return this.publicity.close(actor, origin, publicityId, body.reason);
  }
}

@Controller('fees')
@Roles('exam_office', 'admin')
export class FeesController {
  constructor(private readonly fees: FeesService) {}

  @Get()
  list(
    @CurrentActor() actor: Actor,
    @Query(new ZodPipe(feeListQuerySchema, '查询条件')) query: z.output<typeof feeListQuerySchema>,
  ) {
    return this.fees.list(actor, query);
  }

  @Post('reconcile')
  @HttpCode(200)
  reconcile(
    @CurrentActor() actor: Actor,
    @Origin() origin: RequestOrigin,
    @Body(new ZodPipe(reconcileStatementSchema, '银行对账')) body: z.output<typeof reconcileStatementSchema>,
  ) {
    return this.fees.reconcile(actor, origin, body);
  }

  @Post(':id/confirm')
  @HttpCode(200)
  confirm(
    @CurrentActor() actor: Actor,
    @Origin() origin: RequestOrigin,
    @Param('id', id) feeId: string,
    @Body(new ZodPipe(confirmPaymentSchema, '确认缴费')) body: z.output<typeof confirmPaymentSchema>,
  ) {
    return this.fees.confirm(actor, origin, feeId, body);
  }
}
