import { Body, Controller, Get, Headers, HttpCode, Param, Post, Put, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import {
  APPLICATION_STATUSES,
  applicationBodySchema,
  materialCodeSchema,
  applicationListQuerySchema,
  bulkReviewSchema,
  reviewDecisionSchema,
  submitApplicationSchema,
  uuidSchema,
  withdrawApplicationSchema,
  type ApplicationRequest,
  type ReviewDecisionRequest,
} from '@exam/contracts';
import { z } from 'zod';
import { CurrentActor, Origin, Roles } from '../access/access.decorators.js';
import type { Actor, RequestOrigin } from '../access/actor.js';
import { readRawBody } from '../common/body-parsing.js';
import { ValidationFailed } from '../common/domain-errors.js';
import { ZodPipe } from '../common/zod-pipe.js';
import { sendFile } from '../files/send-file.js';
import { ApplicationDocumentsService } from './application-documents.service.js';
import { ApplicationImportService } from './application-import.service.js';
import { ApplicationsService } from './applications.service.js';
import { MaterialsService } from './materials.service.js';
import { ReviewService } from './review.service.js';

const applicationId = new ZodPipe(uuidSchema, '申报编号');
const body = new ZodPipe(applicationBodySchema, '申报信息');
const prefillQuery = z.strictObject({
  batchId: uuidSchema,
  personId: uuidSchema.optional(),
  occupation: z.string().trim().max(64).optional(),
  level: z.enum(['L5', 'L4', 'L3', 'L2', 'L1']).optional(),
});

const materialCode = new ZodPipe(materialCodeSchema, '材料类别');

function fileNameOf(raw: string | undefined): string {
  let name: string;
  try {
    name = decodeURIComponent(raw ?? '').trim();
  } catch {
    name = '';
  }
  const invalid = [...name].some((c) => c === '/' || c === '\\' || c.charCodeAt(0) < 32);
  if (!name || name.length > 200 || invalid)
    throw new ValidationFailed('请在 X-File-Name 头中给出文件名（URI 编码，不超过 200 字）', [
      { path: 'X-File-Name', message: '文件名缺失或不合法' },
    ]);
  return name;
}

const rosterRequest = z.strictObject({
  batchId: uuidSchema,
  status: z.enum(APPLICATION_STATUSES).default('approved'),
  organisationId: uuidSchema.optional(),
  format: z.enum(['pdf', 'xlsx'], { error: '格式应为 pdf 或 xlsx' }).default('pdf'),
});

const APPLICANTS = ['candidate', 'unit_hr', 'exam_office', 'admin'] as const;
const READERS = ['candidate', 'unit_hr', 'reviewer', 'exam_office', 'admin'] as const;
const DECIDERS = ['unit_hr', 'reviewer', 'exam_office', 'admin'] as const;

@Controller('applications')
export class ApplicationsController {
  constructor(
    private readonly applications: ApplicationsService,
    private readonly review: ReviewService,
    private readonly materials: MaterialsService,
    private readonly imports: ApplicationImportService,
    private readonly documents: ApplicationDocumentsService,
  ) {}

  @Get()
  @Roles(...READERS)
  list(
    @CurrentActor() actor: Actor,
    @Query(new ZodPipe(applicationListQuerySchema, '查询条件'))
    query: z.output<typeof applicationListQuerySchema>,
  ) {
    return this.applications.list(actor, query);
  }

  @Get('prefill')
  @Roles(...APPLICANTS)
  prefill(
    @CurrentActor() actor: Actor,
    @Query(new ZodPipe(prefillQuery, '查询条件')) query: z.output<typeof prefillQuery>,
  ) {
    return this.applications.prefill(
      actor,
      query.personId ?? null,
      query.batchId,
      query.occupation,
      query.level,
    );
  }

  /** The eligibility verdict of a body, without saving (the form's live explanation). */
  @Post('evaluate')
  @HttpCode(200)
  @Roles(...APPLICANTS)
  evaluate(@CurrentActor() actor: Actor, @Body(body) request: ApplicationRequest) {
    return this.applications.evaluate(actor, request);
  }

  @Post()
  @Roles(...APPLICANTS)
  create(
    @CurrentActor() actor: Actor,
    @Origin() origin: RequestOrigin,
    @Body(body) request: ApplicationRequest,
  ) {
    return this.applications.create(actor, origin, request);
  }

  @Post('review')
  @HttpCode(200)
  @Roles(...DECIDERS)
  bulkReview(
    @CurrentActor() actor: Actor,
    @Origin() origin: RequestOrigin,
    @Body(new ZodPipe(bulkReviewSchema, '批量审核')) request: z.output<typeof bulkReviewSchema>,
  ) {
    return this.review.bulk(actor, origin, request.applicationIds, request.decision, request.reason);
  }

  @Get('import-template')
  @Roles('unit_hr', 'exam_office', 'admin')
  async importTemplate(
    @Query(new ZodPipe(z.strictObject({ batchId: uuidSchema }), '查询条件')) query: { batchId: string },
    @Res() response: Response,
  ) {
    const file = await this.imports.template(query.batchId);
    sendFile(response, file.bytes, file.fileName);
  }

  /** An Excel file of a unit's applicants as the raw request body; returns the job that imports it. */
  @Put('import/:batchId')
  @Roles('unit_hr', 'exam_office', 'admin')
  async importApplicants(
    @CurrentActor() actor: Actor,
    @Origin() origin: RequestOrigin,
    @Param('batchId', new ZodPipe(uuidSchema, '批次编号')) batchId: string,
    @Req() request: Request,
  ) {
    return this.imports.start(actor, origin, batchId, await readRawBody(request));
  }

  /** The 汇总名册 of a batch in the caller's scope, as a job that produces a PDF or an Excel file. */
  @Post('roster')
  @HttpCode(200)
  @Roles('unit_hr', 'reviewer', 'exam_office', 'admin')
  roster(
    @CurrentActor() actor: Actor,
    @Origin() origin: RequestOrigin,
    @Body(new ZodPipe(rosterRequest, '名册导出')) request: z.output<typeof rosterRequest>,
  ) {
    return this.documents.roster(actor, origin, request);
  }

  /** The 申报表/审批表 for signature (locks the application where the policy says so). */
  @Get(':id/form')
  @Roles(...READERS)
  async form(
    @CurrentActor() actor: Actor,
    @Origin() origin: RequestOrigin,
    @Param('id', applicationId) id: string,
    @Res() response: Response,
  ) {
    const file = await this.documents.form(actor, origin, id);
    sendFile(response, file.bytes, file.fileName);
  }

  @Get(':id')
  @Roles(...READERS)
  get(@CurrentActor() actor: Actor, @Param('id', applicationId) id: string) {
    return this.applications.get(actor, id);
  }

  @Put(':id')
  @Roles(...APPLICANTS)
  update(
    @CurrentActor() actor: Actor,
    @Origin() origin: RequestOrigin,
    @Param('id', applicationId) id: string,
    @Body(body) request: ApplicationRequest,
  ) {
    return this.applications.update(actor, origin, id, request);
  }

  @Post(':id/submit')
  @HttpCode(200)
  @Roles(...APPLICANTS)
  submit(
    @CurrentActor() actor: Actor,
    @Origin() origin: RequestOrigin,
    @Param('id', applicationId) id: string,
    @Body(new ZodPipe(submitApplicationSchema, '提交申报'))
    _request: z.output<typeof submitApplicationSchema>,
  ) {
    return this.applications.submit(actor, origin, id);
  }

  @Post(':id/withdraw')
  @HttpCode(200)
  @Roles(...APPLICANTS)
  withdraw(
    @CurrentActor() actor: Actor,
    @Origin() origin: RequestOrigin,
    @Param('id', applicationId) id: string,
    @Body(new ZodPipe(withdrawApplicationSchema, '撤回申报')) request: { reason: string },
  ) {
    return this.applications.withdraw(actor, origin, id, request.reason);
  }

  @Post(':id/review')
  @HttpCode(200)
  @Roles(...DECIDERS)
  decide(
    @CurrentActor() actor: Actor,
    @Origin() origin: RequestOrigin,
    @Param('id', applicationId) id: string,
    @Body(new ZodPipe(reviewDecisionSchema, '审核意见')) request: ReviewDecisionRequest,
  ) {
    return this.review.decide(actor, origin, id, request.decision, request.reason);
  }

  /** A material as the raw request body; its name in the X-File-Name header (URI-encoded). */
  @Put(':id/materials/:code')
  @Roles(...APPLICANTS)
  async upload(
    @CurrentActor() actor: Actor,
    @Origin() origin: RequestOrigin,
    @Param('id', applicationId) id: string,
    @Param('code', materialCode) code: string,
    @Headers('x-file-name') rawName: string | undefined,
    @Req() request: Request,
  ) {
    return this.materials.upload(actor, origin, id, code, fileNameOf(rawName), await readRawBody(request));
  }

  @Get(':id/materials/:materialId')
  @Roles(...READERS)
  async download(
    @CurrentActor() actor: Actor,
    @Param('id', applicationId) id: string,
    @Param('materialId', new ZodPipe(uuidSchema, '材料编号')) materialId: string,
    @Res() response: Response,
  ) {
    const file = await this.materials.download(actor, id, materialId);
    response.setHeader('Content-Type', file.mime);
    response.setHeader(
      'Content-Disposition',
      `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
    );
    response.setHeader('Cache-Control', 'private, no-store');
    response.end(file.bytes);
  }
}
