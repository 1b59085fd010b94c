import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { User } from '../auth/user.entity';
import type { Role } from '../common/request-context';

/**
 * A key for a machine (an integrator, a website build, an import script), sent as
 * `Authorization: Bearer pvk_…`. The secret is shown once, at creation; only its SHA-256 is kept
 * (see api-key-token.ts for why a fast hash is right for a 256-bit random token).
 */
@Entity('api_keys')
@Check('ck_api_keys_role', `"role" IS NULL OR "role" IN ('admin', 'editor', 'contributor')`)
export class ApiKeyEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 100 })
  name!: string;

  /** The first characters of the token (`pvk_AbCd1234`), to recognise a key in lists and logs. */
  @Column({ type: 'varchar', length: 16 })
  prefix!: string;

  /** Hex SHA-256 of the whole token. */
  @Index('uq_api_keys_token_hash', { unique: true })
  @Column({ type: 'char', length: 64 })
  tokenHash!: string;

  /** null: read-only (published content, like an anonymous caller, with its own rate limit); else a staff role. */
  @Column({ type: 'varchar', length: 20, nullable: true })
  role!: Role | null;

  /** The admin who created it: writes made with the key are attributed to them (and to the key). */
  @Index('ix_api_keys_created_by_id')
  @Column({ type: 'uuid' })
  createdById!: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'created_by_id', foreignKeyConstraintName: 'fk_api_keys_created_by' })
  createdBy?: User;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  expiresAt!: Date | null;

  /** Updated at most once a minute (see ApiKeysService.authenticate). */
  @Column({ type: 'timestamptz', nullable: true })
  lastUsedAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;
}
