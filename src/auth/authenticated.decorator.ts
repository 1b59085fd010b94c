import { SetMetadata } from '@nestjs/common';

export const AUTHENTICATED_KEY = 'parvis:authenticated';

/**
 * `@Authenticated()` on a resolver or controller method (or class): anonymous callers get
 * UNAUTHENTICATED. What a role may do is not decided here but by the services, with the one
 * permission table (auth/permissions.ts). Handlers without it are public (a bearer token, when
 * sent, must still be valid).
 */
export const Authenticated = (): MethodDecorator & ClassDecorator => SetMetadata(AUTHENTICATED_KEY, true);
