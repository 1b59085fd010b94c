import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { Role } from '../common/request-context';

/**
 * A staff account (persistence shape). `passwordHash` never leaves the auth services: the API
 * shape is `UserModel` (user.model.ts), built by `toUserModel`.
 *
 * Emails are stored lower-cased and trimmed; the unique index on `lower(email)` (created by the
 * AddAuth migration, invisible to TypeORM's diff) makes the database refuse a case variant too.
 */
@Entity('users')
@Index('uq_users_email_lower', { synchronize: false })
@Check('ck_users_role', `"role" IN ('admin', 'editor', 'contributor')`)
export class User {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 254 })
  email!: string;

  @Column({ type: 'varchar', length: 200 })
  displayName!: string;

  @Column({ type: 'varchar', length: 20 })
  role!: Role;

  /** argon2id, PHC string format. */
  @Column({ type: 'text' })
  passwordHash!: string;

  @Column({ type: 'boolean', default: false })
  disabled!: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
