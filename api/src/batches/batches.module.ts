import { Module } from '@nestjs/common';
import { HandbookModule } from '../scheduling/handbook.module.js';
import { BatchesController } from './batches.controller.js';
import { BatchesRepository } from './batches.repository.js';
import { BatchesService } from './batches.service.js';

/** 考核批次: batches under a policy version, their windows and status. */
@Module({
  imports: [HandbookModule],
  controllers: [BatchesController],
  providers: [BatchesService, BatchesRepository],
  exports: [BatchesService],
})
export class BatchesModule {}
