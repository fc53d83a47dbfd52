import { Body, Controller, Get, Headers, Param, Patch, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { amendIncidentSchema, createIncidentSchema, uuidSchema } from '@exam/contracts';
import { CurrentActor, Origin, Roles } from '../access/access.decorators.js';
import type { Actor, RequestOrigin } from '../access/actor.js';
import { readRawBody } from '../common/body-parsing.js';
import { ZodPipe } from '../common/zod-pipe.js';
import { sendFile, sendStream } from '../files/send-file.js';
import { MAX_ATTACHMENT_BYTES, attachmentFileName } from './incident-attachment-file.js';
import { IncidentAttachmentsService } from './incident-attachments.service.js';
import { IncidentExportService } from './incident-export.service.js';
import { IncidentsService } from './incidents.service.js';

const KEEPERS = ['invigilator', 'exam_office', 'admin'] as const;
const incidentId = new ZodPipe(uuidSchema, '考场记录编号');
const sittingId = new ZodPipe(uuidSchema, '场次编号');
const listQuery = z.strictObject({ roomId: uuidSchema.optional() });
const uploadQuery = z.strictObject({ fileName: z.string().max(1000).optional() });

/** 考场记录: a room's incident log per sitting, its attachments, and the sitting's record as PDF / Excel. */
@Controller()
export class IncidentsController {
  constructor(
    private readonly incidents: IncidentsService,
    private readonly attachments: IncidentAttachmentsService,
    private readonly exports: IncidentExportService,
  ) {}

  @Post('incidents')
  @Roles(...KEEPERS)
  record(
    @CurrentActor() actor: Actor,
    @Origin() origin: RequestOrigin,
    @Body(new ZodPipe(createIncidentSchema, '考场记录')) body: z.output<typeof createIncidentSchema>,
  ) {
    return this.incidents.record(actor, origin, body);
  }

  @Get('sittings/:id/incidents')
  @Roles(...KEEPERS)
  list(
    @CurrentActor() actor: Actor,
    @Origin() origin: RequestOrigin,
    @Param('id', sittingId) id: string,
    @Query(new ZodPipe(listQuery, '查询条件')) query: z.output<typeof listQuery>,
  ) {
    return this.incidents.list(actor, origin, id, query.roomId);
  }

  @Get('sittings/:id/incidents/export.pdf')
  @Roles(...KEEPERS)
  async exportPdf(
    @CurrentActor() actor: Actor,
    @Origin() origin: RequestOrigin,
    @Param('id', sittingId) id: string,
    @Res() response: Response,
  ) {
    const file = await this.exports.export(actor, origin, id, 'pdf');
    sendFile(response, file.bytes, file.fileName);
  }

  @Get('sittings/:id/incidents/export.xlsx')
  @Roles(...KEEPERS)
  async exportExcel(
    @CurrentActor() actor: Actor,
    @Origin() origin: RequestOrigin,
    @Param('id', sittingId) id: string,
    @Res() response: Response,
  ) {
    const file = await this.exports.export(actor, origin, id, 'xlsx');
    sendFile(response, file.bytes, file.fileName);
  }

  @Patch('incidents/:id')
  @Roles(...KEEPERS)
  amend(
    @CurrentActor() actor: Actor,
    @Origin() origin: RequestOrigin,
    @Param('id', incidentId) id: string,
    @Body(new ZodPipe(amendIncidentSchema, '修改考场记录')) body: z.output<typeof amendIncidentSchema>,
  ) {
    return this.incidents.amend(actor, origin, id, body);
  }

  /** The file as the raw request body; its name URI-encoded in X-File-Name, or in the fileName query. */
  @Post('incidents/:id/attachments')
  @Roles(...KEEPERS)
  async upload(
    @CurrentActor() actor: Actor,
    @Origin() origin: RequestOrigin,
    @Param('id', incidentId) id: string,
    @Headers('x-file-name') header: string | undefined,
    @Query(new ZodPipe(uploadQuery, '查询条件')) query: z.output<typeof uploadQuery>,
    @Req() request: Request,
  ) {
    try {
      const fileName = attachmentFileName(header, query.fileName);
      return await this.attachments.upload(actor, origin, id, fileName, () =>
        readRawBody(request, MAX_ATTACHMENT_BYTES),
      );
    } finally {
      // refused before the bytes were read: drain them, so the connection stays usable
      if (!request.readableEnded) request.resume();
    }
  }

  @Get('incidents/:id/attachments/:attachmentId')
  @Roles(...KEEPERS)
  async download(
    @CurrentActor() actor: Actor,
    @Origin() origin: RequestOrigin,
    @Param('id', incidentId) id: string,
    @Param('attachmentId', new ZodPipe(uuidSchema, '附件编号')) attachmentId: string,
    @Res() response: Response,
  ) {
    const { file, fileName, mediaType } = await this.attachments.open(actor, origin, id, attachmentId);
    await sendStream(response, file, fileName, mediaType);
  }
}
