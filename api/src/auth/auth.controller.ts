import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
  loginRequestSchema,
  passwordChangeRequestSchema,
  uuidSchema,
  type LoginRequest,
  type PasswordChangeRequest,
} from '@exam/contracts';
import { Authenticated, CurrentActor, Origin, Public } from '../access/access.decorators.js';
import type { Actor, RequestOrigin } from '../access/actor.js';
import { ZodPipe } from '../common/zod-pipe.js';
import { AuthService } from './auth.service.js';
import { toCurrentUser } from './session.service.js';

@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('login')
  @HttpCode(200)
  @Public()
  login(
    @Body(new ZodPipe(loginRequestSchema, '登录信息')) body: LoginRequest,
    @Origin() origin: RequestOrigin,
  ) {
    return this.auth.login(body, origin);
  }

  @Post('logout')
  @HttpCode(204)
  @Authenticated({ allowPendingPasswordChange: true })
  logout(@CurrentActor() actor: Actor, @Origin() origin: RequestOrigin) {
    return this.auth.logout(actor, origin);
  }

  @Get('me')
  @Authenticated({ allowPendingPasswordChange: true })
  me(@CurrentActor() actor: Actor) {
    return toCurrentUser(actor);
  }

  @Post('password')
  @HttpCode(200)
  @Authenticated({ allowPendingPasswordChange: true })
  changePassword(
    @CurrentActor() actor: Actor,
    @Body(new ZodPipe(passwordChangeRequestSchema, '修改密码')) body: PasswordChangeRequest,
    @Origin() origin: RequestOrigin,
  ) {
    return this.auth.changePassword(actor, body, origin);
  }

  @Get('sessions')
  @Authenticated({ allowPendingPasswordChange: true })
  sessions(@CurrentActor() actor: Actor) {
    return this.auth.listSessions(actor);
  }

  @Delete('sessions/:id')
  @HttpCode(204)
  @Authenticated({ allowPendingPasswordChange: true })
  revokeSession(
    @CurrentActor() actor: Actor,
    @Param('id', new ZodPipe(uuidSchema, '会话编号')) id: string,
    @Origin() origin: RequestOrigin,
  ) {
    return this.auth.revokeOwnSession(actor, id, origin);
  }
}
