import { Injectable } from '@nestjs/common';
import { isEmail } from 'class-validator';
import { DataSource, EntityManager } from 'typeorm';
import { translateConstraintError } from '../common/database-errors';
import { AuditEventKind } from '../audit/audit-event.entity';
import { AuditTrail } from '../audit/audit-trail.service';
import { FieldError, forbidden, invalid, invalidField, invalidFields, notFound } from '../common/errors';
import { Actor, RequestContext, Role, ROLES } from '../common/request-context';
import { normaliseEmail } from './emails';
import { requirePermission } from './permissions';
import { LoginLockService } from './login-lock.service';
import { hashPassword, isAcceptablePassword, PASSWORD_LENGTH_MESSAGE } from './password';
import { SessionsService } from './sessions.service';
import { toUserModel, UserModel } from './user.model';
import { User } from './user.entity';

export interface NewUser {
  email: string;
  displayName: string;
  role: Role;
  password: string;
}

/** Absent and null both mean "leave as is" (GraphQL clients may send either). */
export interface UserChanges {
  displayName?: string | null;
  role?: Role | null;
  disabled?: boolean | null;
}

/** What the login needs and nobody else sees. */
export interface UserCredentials {
  id: string;
  passwordHash: string;
  disabled: boolean;
}

const EMAIL_MAX_LENGTH = 254;
const DISPLAY_NAME_MAX_LENGTH = 200;
const CONSTRAINT_MESSAGES = { uq_users_email_lower: 'A user with this email already exists' };

/**
 * Staff accounts. Methods that take a RequestContext are the administration API: they check the
 * `users:manage` permission (admins) like every other service checks its own. `create`,
 * `findById` and `resetPassword` without a context serve trusted callers (the CLI, seeds, tests).
 * Every change is in the audit trail. Password hashes never leave this folder.
 */
@Injectable()
export class UsersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly sessions: SessionsService,
    private readonly loginLock: LoginLockService,
    private readonly audit: AuditTrail,
  ) {}

  /** For admins: a new staff account. */
  createFor(ctx: RequestContext, input: NewUser): Promise<UserModel> {
    const actor = requirePermission(ctx, 'users:manage');
    return this.create(input, actor.userId, actor.apiKeyId ?? null);
  }

  /** For admins: every staff account. */
  listFor(ctx: RequestContext): Promise<UserModel[]> {
    requirePermission(ctx, 'users:manage');
    return this.list();
  }

  /** `createdBy`: the admin who created it, and the API key they used if any, for the audit trail (none from the CLI). */
  async create(input: NewUser, createdBy: string | null = null, apiKeyId: string | null = null): Promise<UserModel> {
    const email = normaliseEmail(input.email);
    const displayName = input.displayName.trim();
    const fields: FieldError[] = [
      ...checkEmail(email),
      ...checkDisplayName(displayName),
      ...(ROLES.includes(input.role) ? [] : [{ path: 'role', message: `Role must be one of ${ROLES.join(', ')}` }]),
      ...(isAcceptablePassword(input.password) ? [] : [{ path: 'password', message: PASSWORD_LENGTH_MESSAGE }]),
    ];
    if (fields.length > 0) throw invalidFields(fields);
    const passwordHash = await hashPassword(input.password);
    try {
      return await this.dataSource.transaction(async (manager) => {
        const user = await manager.getRepository(User).save({ email, displayName, role: input.role, passwordHash, disabled: false });
        await this.audit.record(manager, { kind: AuditEventKind.USER_CREATE, actorId: createdBy, apiKeyId, subjectType: 'user', subjectId: user.id,
          detail: { email, role: user.role } });
        return toUserModel(user);
      });
    } catch (error) {
      throw translateConstraintError(error, CONSTRAINT_MESSAGES);
    }
  }

  async list(): Promise<UserModel[]> {
    const users = await this.dataSource.getRepository(User).find({ order: { email: 'ASC' } });
    return users.map(toUserModel);
  }

  async findById(id: string): Promise<UserModel | undefined> {
    const user = await this.dataSource.getRepository(User).findOneBy({ id });
    return user ? toUserModel(user) : undefined;
  }

  /**
   * For admin commands that act on someone's behalf (an import): the enabled account with this email,
   * as the actor of the writes, with its own role (a contributor's import is refused publication rights).
   */
  async actorByEmail(email: string): Promise<Actor> {
    const user = await this.findByEmail(this.dataSource.manager, email);
    if (!user) throw notFound(`Account ${email}`);
    if (user.disabled) throw forbidden(`The account ${email} is disabled`);
    return { userId: user.id, role: user.role, sessionId: 'cli' };
  }

  /** For the login only: the hash of the account with this email, if any. */
  async findCredentials(email: string): Promise<UserCredentials | undefined> {
    const user = await this.findByEmail(this.dataSource.manager, email);
    return user ? { id: user.id, passwordHash: user.passwordHash, disabled: user.disabled } : undefined;
  }

  /** Re-hashes a password whose hash was made with older parameters (after a successful login). */
  async upgradePasswordHash(userId: string, password: string): Promise<void> {
    await this.dataSource.getRepository(User).update({ id: userId }, { passwordHash: await hashPassword(password) });
  }

  /**
   * An admin changes another account. Nobody can disable themselves or give up their own admin
   * role, so at least one enabled admin always remains. Disabling ends the user's sessions.
   */
  async update(ctx: RequestContext, id: string, changes: UserChanges): Promise<UserModel> {
    const actor = requirePermission(ctx, 'users:manage');
    if (id === actor.userId && (changes.disabled === true || (changes.role != null && changes.role !== 'admin'))) {
      throw forbidden('You cannot disable your own account or give up your own admin role');
    }
    const displayName = changes.displayName?.trim();
    if (displayName != null) {
      const fields = checkDisplayName(displayName);
      if (fields.length > 0) throw invalid(fields[0].message, fields);
    }
    return this.dataSource.transaction(async (manager) => {
      const repository = manager.getRepository(User);
      const user = await repository.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!user) throw notFound('User');
      if (displayName != null) user.displayName = displayName;
      if (changes.role != null) user.role = changes.role;
      if (changes.disabled != null) user.disabled = changes.disabled;
      const saved = await repository.save(user);
      if (saved.disabled) await this.sessions.revokeAllForUser(manager, id);
      await this.audit.record(manager, { kind: AuditEventKind.USER_UPDATE, actorId: actor.userId, apiKeyId: actor.apiKeyId ?? null, subjectType: 'user', subjectId: id,
        detail: { ...changes } });
      return toUserModel(saved);
    });
  }

  /** Sets a new password, ends every session of the account and lifts a login lock on its email. */
  async resetPassword(email: string, password: string): Promise<UserModel> {
    if (!isAcceptablePassword(password)) throw invalidField('password', PASSWORD_LENGTH_MESSAGE);
    const passwordHash = await hashPassword(password);
    return this.dataSource.transaction(async (manager) => {
      const user = await this.findByEmail(manager, normaliseEmail(email));
      if (!user) throw notFound('User');
      user.passwordHash = passwordHash;
      const saved = await manager.getRepository(User).save(user);
      await this.sessions.revokeAllForUser(manager, user.id);
      await this.loginLock.reset(user.email, manager);
      await this.audit.record(manager, { kind: AuditEventKind.PASSWORD_RESET, subjectType: 'user', subjectId: user.id, detail: { email: user.email } });
      return toUserModel(saved);
    });
  }

  private findByEmail(manager: EntityManager, normalisedEmail: string): Promise<User | null> {
    // Same expression as the unique index uq_users_email_lower.
    return manager.getRepository(User).createQueryBuilder('u')
      .where('lower(u.email) = lower(:email)', { email: normalisedEmail })
      .getOne();
  }
}

function checkEmail(email: string): FieldError[] {
  return isEmail(email) && email.length <= EMAIL_MAX_LENGTH ? [] : [{ path: 'email', message: 'Enter a valid email address' }];
}

function checkDisplayName(displayName: string): FieldError[] {
  return displayName.length >= 1 && displayName.length <= DISPLAY_NAME_MAX_LENGTH
    ? [] : [{ path: 'displayName', message: `Name must be between 1 and ${DISPLAY_NAME_MAX_LENGTH} characters long` }];
}
