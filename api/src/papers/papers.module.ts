import { Module } from '@nestjs/common';
import { AttemptScoringRepository } from './attempt-scoring.repository.js';
import { AttemptScoringService } from './attempt-scoring.service.js';
import { BlueprintsController } from './blueprints.controller.js';
import { BlueprintsRepository } from './blueprints.repository.js';
import { BlueprintsService } from './blueprints.service.js';
import { MarkingController } from './marking.controller.js';
import { MarkingRepository } from './marking.repository.js';
import { MarkingService } from './marking.service.js';
import { PaperDeliveryRepository } from './paper-delivery.repository.js';
import { PaperDeliveryService } from './paper-delivery.service.js';
import { PapersController } from './papers.controller.js';
import { PapersRepository } from './papers.repository.js';
import { PapersService } from './papers.service.js';

/** 组卷方案, 组卷, paper delivery, scoring and 阅卷. */
@Module({
  controllers: [BlueprintsController, PapersController, MarkingController],
  providers: [
    BlueprintsRepository,
    BlueprintsService,
    PapersRepository,
    PapersService,
    PaperDeliveryRepository,
    PaperDeliveryService,
    AttemptScoringRepository,
    AttemptScoringService,
    MarkingRepository,
    MarkingService,
  ],
  exports: [PapersService, PaperDeliveryService, AttemptScoringService, BlueprintsService],
})
export class PapersModule {}
