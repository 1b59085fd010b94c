import type { Actor, Role } from '../common/request-context';

/** What a staff member may do; the content core and the user administration ask `can()`. */
export const PERMISSIONS = ['content:write', 'content:publish', 'content:delete', 'users:manage'] as const;
export type Permission = (typeof PERMISSIONS)[number];

/**
 * The role table, in one place:
 * - admin: manages users, and everything an editor does;
 * - editor: creates, edits, publishes, unpublishes and deletes all content;
 * - contributor: creates and edits drafts, cannot publish, unpublish or delete.
 */
const GRANTS: Record<Role, ReadonlySet<Permission>> = {
  admin: new Set<Permission>(['content:write', 'content:publish', 'content:delete', 'users:manage']),
  editor: new Set<Permission>(['content:write', 'content:publish', 'content:delete']),
  contributor: new Set<Permission>(['content:write']),
};

/** Pure: whether this caller (undefined = anonymous) may perform this action. */
export function can(actor: Pick<Actor, 'role'> | undefined, action: Permission): boolean {
  if (!actor) return false;
  return GRANTS[actor.role]?.has(action) ?? false;
}
