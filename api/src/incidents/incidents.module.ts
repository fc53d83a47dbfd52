import { Module } from '@nestjs/common';
import { DocumentsModule } from '../documents/documents.module.js';
import { ExamModule } from '../exam/exam.module.js';
import { IncidentAttachmentsService } from './incident-attachments.service.js';
import { IncidentExportService } from './incident-export.service.js';
import { IncidentScope } from './incident-scope.js';
import { IncidentsController } from './incidents.controller.js';
import { IncidentsRepository } from './incidents.repository.js';
import { IncidentsService } from './incidents.service.js';

/** 考场记录: the room incident log of a sitting, its attachments and its PDF / Excel export. */
@Module({
  imports: [DocumentsModule, ExamModule],
  controllers: [IncidentsController],
  providers: [
    IncidentsRepository,
    IncidentScope,
    IncidentsService,
    IncidentAttachmentsService,
    IncidentExportService,
  ],
  exports: [IncidentsService],
})
export class IncidentsModule {}
