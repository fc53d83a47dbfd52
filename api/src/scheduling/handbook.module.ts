import { Module } from '@nestjs/common';
import { CalendarModule } from '../calendar/calendar.module.js';
import { DocumentsModule } from '../documents/documents.module.js';
import { JobsModule } from '../jobs/jobs.module.js';
import { PoliciesModule } from '../policies/policies.module.js';
import { HandbookStatusService } from './handbook-status.service.js';
import { HandbookController, SittingOpeningController } from './handbook.controller.js';
import { HandbookRepository } from './handbook.repository.js';
import { HandbookService } from './handbook.service.js';
import { SittingOpeningService } from './sitting-opening.service.js';
import { SittingsModule } from './sittings.module.js';

/** 考务手册: versions, deadline, preview and publication; publishing and opening sittings. */
@Module({
  imports: [SittingsModule, DocumentsModule, JobsModule, CalendarModule, PoliciesModule],
  controllers: [HandbookController, SittingOpeningController],
  providers: [HandbookRepository, HandbookStatusService, HandbookService, SittingOpeningService],
  exports: [HandbookStatusService],
})
export class HandbookModule {}
