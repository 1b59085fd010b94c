import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { Ctx, RequestContext } from '../common/request-context';
import { ThrottleLogin } from '../common/throttle/throttle.decorators';
import { AuthService } from './auth.service';
import { LoginArgs, LogoutArgs, RefreshSessionArgs } from './dto/login.args';
import { Authenticated } from './authenticated.decorator';
import { AuthPayload, UserModel } from './user.model';

/** REST twin of the auth resolver. */
@Controller('api/v1/auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('login')
  @HttpCode(200)
  @ThrottleLogin()
  login(@Body() body: LoginArgs): Promise<AuthPayload> {
    return this.auth.login(body.email, body.password);
  }

  @Post('refresh')
  @HttpCode(200)
  refresh(@Body() body: RefreshSessionArgs): Promise<AuthPayload> {
    return this.auth.refresh(body.refreshToken);
  }

  @Post('logout')
  @HttpCode(200)
  async logout(@Ctx() ctx: RequestContext, @Body() body: LogoutArgs): Promise<{ loggedOut: boolean }> {
    return { loggedOut: await this.auth.logout(ctx, body.refreshToken) };
  }

  @Get('me')
  @Authenticated()
  me(@Ctx() ctx: RequestContext): Promise<UserModel> {
    return this.auth.me(ctx);
  }
}
