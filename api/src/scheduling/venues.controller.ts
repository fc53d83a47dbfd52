import { Body, Controller, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import {
  createRoomRequestSchema,
  createVenueRequestSchema,
  markSpareSeatsRequestSchema,
  roomLayoutRequestSchema,
  updateSeatRequestSchema,
  uuidSchema,
  type CreateVenueRequest,
  type MarkSpareSeatsRequest,
  type RoomLayoutRequest,
  type UpdateSeatRequest,
} from '@exam/contracts';
import type { z } from 'zod';
import { CurrentActor, Origin, Roles } from '../access/access.decorators.js';
import type { Actor, RequestOrigin } from '../access/actor.js';
import { ZodPipe } from '../common/zod-pipe.js';
import { VenuesService } from './venues.service.js';

const venueId = new ZodPipe(uuidSchema, '考点编号');
const roomId = new ZodPipe(uuidSchema, '考场编号');

const READERS = ['exam_office', 'admin', 'invigilator'] as const;
const MANAGERS = ['exam_office', 'admin'] as const;

/** 考点 and their rooms. */
@Controller('venues')
export class VenuesController {
  constructor(private readonly venues: VenuesService) {}

  @Get()
  @Roles(...READERS)
  list(@CurrentActor() actor: Actor) {
    return this.venues.list(actor);
  }

  @Post()
  @Roles(...MANAGERS)
  create(
    @CurrentActor() actor: Actor,
    @Origin() origin: RequestOrigin,
    @Body(new ZodPipe(createVenueRequestSchema, '考点信息')) body: CreateVenueRequest,
  ) {
    return this.venues.createVenue(actor, origin, body);
  }

  @Get(':id')
  @Roles(...READERS)
  get(@CurrentActor() actor: Actor, @Param('id', venueId) id: string) {
    return this.venues.get(actor, id);
  }

  @Post(':id/rooms')
  @Roles(...MANAGERS)
  createRoom(
    @CurrentActor() actor: Actor,
    @Origin() origin: RequestOrigin,
    @Param('id', venueId) id: string,
    @Body(new ZodPipe(createRoomRequestSchema, '考场信息')) body: z.output<typeof createRoomRequestSchema>,
  ) {
    return this.venues.createRoom(actor, origin, id, body);
  }
}

/** 考场 seat maps: spare and disabled seats, machine ids. */
@Controller('rooms')
export class RoomsController {
  constructor(private readonly venues: VenuesService) {}

  @Get(':id/seats')
  @Roles(...READERS)
  seats(@CurrentActor() actor: Actor, @Param('id', roomId) id: string) {
    return this.venues.seatMap(actor, id);
  }

  @Post(':id/seats/spare')
  @HttpCode(200)
  @Roles(...MANAGERS)
  markSpare(
    @CurrentActor() actor: Actor,
    @Origin() origin: RequestOrigin,
    @Param('id', roomId) id: string,
    @Body(new ZodPipe(markSpareSeatsRequestSchema, '备用座位')) body: MarkSpareSeatsRequest,
  ) {
    return this.venues.markSpare(actor, origin, id, body);
  }

  @Post(':id/seats/layout')
  @HttpCode(200)
  @Roles(...MANAGERS)
  layout(
    @CurrentActor() actor: Actor,
    @Origin() origin: RequestOrigin,
    @Param('id', roomId) id: string,
    @Body(new ZodPipe(roomLayoutRequestSchema, '座位排列')) body: RoomLayoutRequest,
  ) {
    return this.venues.layoutRoom(actor, origin, id, body);
  }

  @Put(':id/seats/:seatId')
  @Roles(...MANAGERS)
  updateSeat(
    @CurrentActor() actor: Actor,
    @Origin() origin: RequestOrigin,
    @Param('id', roomId) id: string,
    @Param('seatId', new ZodPipe(uuidSchema, '座位编号')) seat: string,
    @Body(new ZodPipe(updateSeatRequestSchema, '座位信息')) body: UpdateSeatRequest,
  ) {
    return this.venues.updateSeat(actor, origin, id, seat, body);
  }
}
