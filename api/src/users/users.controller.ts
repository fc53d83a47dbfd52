import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  createUserRequestSchema,
  resetPasswordRequestSchema,
  revokeSessionsRequestSchema,
  setUserStatusRequestSchema,
  userListQuerySchema,
  uuidSchema,
  type CreateUserRequest,
  type ResetPasswordRequest,
  type RevokeSessionsRequest,
  type SetUserStatusRequest,
} from '@exam/contracts';
import type { z } from 'zod';
import { CurrentActor, Origin, Roles } from '../access/access.decorators.js';
import type { Actor, RequestOrigin } from '../access/actor.js';
import { ZodPipe } from '../common/zod-pipe.js';
import { UsersService } from './users.service.js';

const userId = new ZodPipe(uuidSchema, '用户编号');

@Controller('users')
@Roles('admin')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  list(@Query(new ZodPipe(userListQuerySchema, '查询条件')) query: z.output<typeof userListQuerySchema>) {
    return this.users.list(query);
  }

  @Get(':id')
  get(@Param('id', userId) id: string) {
    return this.users.get(id);
  }

  @Post()
  create(
    @CurrentActor() actor: Actor,
    @Body(new ZodPipe(createUserRequestSchema, '账号信息')) body: CreateUserRequest,
    @Origin() origin: RequestOrigin,
  ) {
    return this.users.create(actor, body, origin);
  }

  @Post(':id/status')
  @HttpCode(200)
  setStatus(
    @CurrentActor() actor: Actor,
    @Param('id', userId) id: string,
    @Body(new ZodPipe(setUserStatusRequestSchema, '账号状态')) body: SetUserStatusRequest,
    @Origin() origin: RequestOrigin,
  ) {
    return this.users.setStatus(actor, id, body, origin);
  }

  @Post(':id/password-reset')
  @HttpCode(200)
  resetPassword(
    @CurrentActor() actor: Actor,
    @Param('id', userId) id: string,
    @Body(new ZodPipe(resetPasswordRequestSchema, '重置密码')) body: ResetPasswordRequest,
    @Origin() origin: RequestOrigin,
  ) {
    return this.users.resetPassword(actor, id, body, origin);
  }

  @Post(':id/sessions/revoke')
  @HttpCode(200)
  revokeSessions(
    @CurrentActor() actor: Actor,
    @Param('id', userId) id: string,
    @Body(new ZodPipe(revokeSessionsRequestSchema, '注销会话')) body: RevokeSessionsRequest,
    @Origin() origin: RequestOrigin,
  ) {
    return this.users.revokeSessions(actor, id, body.reason, origin);
  }
}
