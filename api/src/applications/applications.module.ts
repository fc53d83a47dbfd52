import { Module } from '@nestjs/common';
import { CalendarModule } from '../calendar/calendar.module.js';
import { DocumentsModule } from '../documents/documents.module.js';
import { JobsModule } from '../jobs/jobs.module.js';
import { PoliciesModule } from '../policies/policies.module.js';
import { ApplicationDocumentsService } from './application-documents.service.js';
import { ApplicationImportService } from './application-import.service.js';
import { ApplicationsController } from './applications.controller.js';
import { ApplicationsRepository } from './applications.repository.js';
import { ApplicationsService } from './applications.service.js';
import { FeesService } from './fees.service.js';
import { MaterialsService } from './materials.service.js';
import { FeesController, PublicityController } from './publicity-fees.controller.js';
import { PublicityRepository } from './publicity.repository.js';
import { PublicityService } from './publicity.service.js';
import { ReviewService } from './review.service.js';

/** 申报: applications, the review chain, 公示 and fees. */
@Module({
  imports: [PoliciesModule, CalendarModule, JobsModule, DocumentsModule],
  controllers: [ApplicationsController, PublicityController, FeesController],
  providers: [
    ApplicationsService,
    ApplicationsRepository,
    ReviewService,
    PublicityService,
    PublicityRepository,
    FeesService,
    MaterialsService,
    ApplicationImportService,
    ApplicationDocumentsService,
  ],
  exports: [ApplicationsService],
})
export class ApplicationsModule {}
