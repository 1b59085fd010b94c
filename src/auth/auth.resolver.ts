import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Ctx, RequestContext } from '../common/request-context';
import { ThrottleLogin } from '../common/throttle/throttle.decorators';
import { AuthService } from './auth.service';
import { LoginArgs, LogoutArgs, RefreshSessionArgs } from './dto/login.args';
import { Authenticated } from './authenticated.decorator';
import { AuthPayload, UserModel } from './user.model';

@Resolver()
export class AuthResolver {
  constructor(private readonly auth: AuthService) {}

  @Mutation(() => AuthPayload, { description: 'Log in; too many failures lock the email for a while' })
  @ThrottleLogin()
  login(@Args() args: LoginArgs): Promise<AuthPayload> {
    return this.auth.login(args.email, args.password);
  }

  @Mutation(() => AuthPayload, { description: 'Exchange a refresh token (single use) for a new token pair' })
  refreshSession(@Args() args: RefreshSessionArgs): Promise<AuthPayload> {
    return this.auth.refresh(args.refreshToken);
  }

  @Mutation(() => Boolean, { description: 'End the session of the given refresh token, or your current session' })
  logout(@Ctx() ctx: RequestContext, @Args() args: LogoutArgs): Promise<boolean> {
    return this.auth.logout(ctx, args.refreshToken);
  }

  @Query(() => UserModel, { description: 'The logged-in staff member' })
  @Authenticated()
  me(@Ctx() ctx: RequestContext): Promise<UserModel> {
    return this.auth.me(ctx);
  }
}
