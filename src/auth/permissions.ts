import { forbidden, unauthenticated } from '../common/errors';
import type { Actor, RequestContext, Role } from '../common/request-context';

/** What a staff member may do; the content core and the user administration ask `can()`. */
export const PERMISSIONS = [
  'content:write', 'content:publish', 'content:delete', 'content:history', 'content:undelete', 'audit:read', 'users:manage', 'settings:manage',
  'webhooks:manage', 'api-keys:manage',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/**
 * The role table, in one place:
 * - admin: manages users, reads the audit log, edits the commune settings (settings:manage),
 *   registers webhooks (webhooks:manage), creates and revokes API keys (api-keys:manage), and
 *   everything an editor does;
 * - editor: creates, edits, publishes, unpublishes and deletes all content, and brings a deleted
 *   item back (undoing one's own mistaken delete should not need an admin);
 * - contributor: creates and edits drafts and reads their history, cannot publish, unpublish or delete.
 */
const GRANTS: Record<Role, ReadonlySet<Permission>> = {
  admin: new Set<Permission>(['content:write', 'content:publish', 'content:delete', 'content:history', 'content:undelete', 'audit:read', 'users:manage', 'settings:manage',
    'webhooks:manage', 'api-keys:manage']),
  editor: new Set<Permission>(['content:write', 'content:publish', 'content:delete', 'content:history', 'content:undelete']),
  contributor: new Set<Permission>(['content:write', 'content:history']),
};

/** Pure: whether this caller (undefined = anonymous) may perform this action. */
export function can(actor: Pick<Actor, 'role'> | undefined, action: Permission): boolean {
  if (!actor) return false;
  return GRANTS[actor.role]?.has(action) ?? false;
}

/**
 * The caller, if they may do this: UNAUTHENTICATED for the anonymous, FORBIDDEN for a role without
 * the right and for a read-only API key (it authenticated, it just may not write).
 */
export function requirePermission(ctx: RequestContext, permission: Permission): Actor {
  if (!ctx.actor && ctx.apiKey) throw forbidden('This API key is read-only: it reads published content and cannot change anything');
  if (!ctx.actor) throw unauthenticated();
  if (!can(ctx.actor, permission)) throw forbidden();
  return ctx.actor;
}
