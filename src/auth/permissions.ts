import { forbidden, unauthenticated } from '../common/errors';
import type { Actor, RequestContext, Role } from '../common/request-context';

/** What a staff member may do; the content core and the user administration ask `can()`. */
export const PERMISSIONS = [
  'content:write', 'content:publish', 'content:delete', 'content:history', 'content:undelete', 'audit:read', 'users:manage',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/**
 * The role table, in one place:
 * - admin: manages users, reads the audit log, and everything an editor does;
 * - editor: creates, edits, publishes, unpublishes and deletes all content, and brings a deleted
 *   item back (undoing one's own mistaken delete should not need an admin);
 * - contributor: creates and edits drafts and reads their history, cannot publish, unpublish or delete.
 */
const GRANTS: Record<Role, ReadonlySet<Permission>> = {
  admin: new Set<Permission>(['content:write', 'content:publish', 'content:delete', 'content:history', 'content:undelete', 'audit:read', 'users:manage']),
  editor: new Set<Permission>(['content:write', 'content:publish', 'content:delete', 'content:history', 'content:undelete']),
  contributor: new Set<Permission>(['content:write', 'content:history']),
};

/** Pure: whether this caller (undefined = anonymous) may perform this action. */
export function can(actor: Pick<Actor, 'role'> | undefined, action: Permission): boolean {
  if (!actor) return false;
  return GRANTS[actor.role]?.has(action) ?? false;
}

/** The caller, if they may do this: UNAUTHENTICATED for the anonymous, FORBIDDEN for a role without the right. */
export function requirePermission(ctx: RequestContext, permission: Permission): Actor {
  if (!ctx.actor) throw unauthenticated();
  if (!can(ctx.actor, permission)) throw forbidden();
  return ctx.actor;
}
