import type { Role } from '../common/request-context';
import { can, Permission, PERMISSIONS } from './permissions';

describe('can', () => {
  const expected: Record<Role, Permission[]> = {
    admin: ['content:write', 'content:publish', 'content:delete', 'content:history', 'content:undelete', 'audit:read', 'users:manage', 'settings:manage', 'webhooks:manage', 'api-keys:manage'],
    editor: ['content:write', 'content:publish', 'content:delete', 'content:history', 'content:undelete'],
    contributor: ['content:write', 'content:history'],
  };

  for (const [role, granted] of Object.entries(expected) as [Role, Permission[]][]) {
    for (const action of PERMISSIONS) {
      const allowed = granted.includes(action);
      it(`${allowed ? 'lets' : 'does not let'} a${role === 'admin' ? 'n' : ''} ${role} do ${action}`, () => {
        expect(can({ role }, action)).toBe(allowed);
      });
    }
  }

  it('lets an anonymous caller do nothing', () => {
    for (const action of PERMISSIONS) expect(can(undefined, action)).toBe(false);
  });

  it('lets an unknown role (e.g. from a stale token) do nothing', () => {
    expect(can({ role: 'superuser' as Role }, 'content:write')).toBe(false);
  });
});
