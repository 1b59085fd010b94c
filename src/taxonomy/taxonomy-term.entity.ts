import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { Vocabulary } from './vocabulary';

/**
 * A term of a staff-managed list (categories of associations and events, themes of procedure
 * sheets). Content modules link to terms through their own join tables.
 */
@Entity('taxonomy_terms')
@Index('uq_taxonomy_terms_slug', ['vocabulary', 'slug'], { unique: true })
@Check('ck_taxonomy_terms_slug', `"slug" ~ '^[a-z0-9]+(-[a-z0-9]+)*$'`)
export class TaxonomyTermEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'enum', enum: Vocabulary, enumName: 'vocabulary' })
  vocabulary!: Vocabulary;

  @Column({ type: 'text' })
  slug!: string;

  @Column({ type: 'text' })
  label!: string;

  @Column({ type: 'integer', default: 0 })
  position!: number;

  @Column({ type: 'integer', default: 1 })
  version!: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
