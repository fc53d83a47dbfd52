import { Module } from '@nestjs/common';
import { AllocationService } from './allocation.service.js';
import { SittingChangesService } from './sitting-changes.service.js';
import { SittingsController } from './sittings.controller.js';
import { SittingsRepository } from './sittings.repository.js';
import { SittingsService } from './sittings.service.js';

/** 场次与座位: sittings, invigilators, seat allocation and manual moves. */
@Module({
  controllers: [SittingsController],
  providers: [SittingsService, SittingsRepository, AllocationService, SittingChangesService],
  exports: [SittingsService],
})
export class SittingsModule {}
