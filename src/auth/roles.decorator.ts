import { SetMetadata } from '@nestjs/common';
import type { Role } from '../common/request-context';

export const ROLES_KEY = 'parvis:roles';

/**
 * `@Roles('admin', 'editor')` on a resolver or controller method (or class): anonymous callers get
 * UNAUTHENTICATED, other roles FORBIDDEN. `@Roles()` with no role admits any authenticated user.
 * Handlers without it are public (a bearer token, when sent, must still be valid).
 */
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator => SetMetadata(ROLES_KEY, roles);

/** Any logged-in staff member, whatever the role. */
export const Authenticated = (): MethodDecorator & ClassDecorator => Roles();
