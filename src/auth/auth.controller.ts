import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiAccess, ApiDoc, ApiJson } from '../openapi/openapi.decorators';
import { Ctx, RequestContext } from '../common/request-context';
import { ThrottleLogin } from '../common/throttle/throttle.decorators';
import { AuthService } from './auth.service';
import { LoginArgs, LogoutArgs, RefreshSessionArgs } from './dto/login.args';
import { Authenticated } from './authenticated.decorator';
import { AuthPayload, UserModel } from './user.model';

/** REST twin of the auth resolver. */
@ApiTags('Authentication')
@Controller('api/v1/auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('login')
  @ApiDoc('Log in (staff)', 'Answers an access token (15 minutes) and a refresh token. Rate-limited per address.')
  @ApiJson('AuthPayload')
  @HttpCode(200)
  @ThrottleLogin()
  login(@Body() body: LoginArgs): Promise<AuthPayload> {
    return this.auth.login(body.email, body.password);
  }

  @Post('refresh')
  @ApiDoc('Exchange a refresh token for a new pair of tokens')
  @ApiJson('AuthPayload')
  @HttpCode(200)
  refresh(@Body() body: RefreshSessionArgs): Promise<AuthPayload> {
    return this.auth.refresh(body.refreshToken);
  }

  @Post('logout')
  @ApiDoc('End a session', 'The one of the refresh token given, or the caller\'s own.')
  @ApiAccess('user')
  @ApiJson('LogoutResult')
  @HttpCode(200)
  async logout(@Ctx() ctx: RequestContext, @Body() body: LogoutArgs): Promise<{ loggedOut: boolean }> {
    return { loggedOut: await this.auth.logout(ctx, body.refreshToken) };
  }

  @Get('me')
  @ApiDoc('The logged-in staff account')
  @ApiAccess('user')
  @ApiJson('User')
  @Authenticated()
  me(@Ctx() ctx: RequestContext): Promise<UserModel> {
    return this.auth.me(ctx);
  }
}
