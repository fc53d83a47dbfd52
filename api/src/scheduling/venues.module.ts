import { Module } from '@nestjs/common';
import { RoomsController, VenuesController } from './venues.controller.js';
import { VenuesRepository } from './venues.repository.js';
import { VenuesService } from './venues.service.js';

/** 考点、考场与座位图 (venues, rooms, seat maps). */
@Module({
  controllers: [VenuesController, RoomsController],
  providers: [VenuesService, VenuesRepository],
  exports: [VenuesService],
})
export class VenuesModule {}
