import { SetMetadata } from '@nestjs/common';

export const LOGIN_THROTTLE = 'parvis:login-throttle';

/**
 * Marks a handler as a login attempt: the per-IP login rate limit (RATE_LIMIT_LOGIN_PER_15_MINUTES)
 * applies to it, on top of the account lock-out that the auth service enforces.
 */
export const ThrottleLogin = (): MethodDecorator & ClassDecorator => SetMetadata(LOGIN_THROTTLE, true);
