import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { ContentEntity } from '../content/content.entity';
import { TaxonomyTermEntity } from '../taxonomy/taxonomy-term.entity';

/**
 * An association of the local directory. `sortName` and `searchName` are derived from `name` by
 * the service (see association-names.ts) and never edited: they make the French alphabetical order
 * and the accent-insensitive search plain, index-friendly comparisons in the "C" collation.
 */
@Entity('associations')
@Index('uq_associations_slug', ['slug'], { unique: true, where: '"deleted_at" IS NULL' })
// Serves the directory's order (sort_name, id) — the keyset pagination — and the letter filter
// (`sort_name LIKE 'e%'` can use a btree in the "C" collation).
@Index('ix_associations_sort_name', ['sortName', 'id'])
@Check('ck_associations_slug', `"slug" ~ '^[a-z0-9]+(-[a-z0-9]+)*$'`)
@Check('ck_associations_phone', `"phone" ~ '^[+][1-9][0-9]{6,14}$'`)
@Check('ck_associations_postal_code', `"postal_code" ~ '^[0-9]{5}$'`)
@Check('ck_associations_rna', `"rna_number" ~ '^W[0-9]{9}$'`)
@Check('ck_associations_siren', `"siren" ~ '^[0-9]{9}$'`)
@Check('ck_associations_siret', `"siret" ~ '^[0-9]{14}$'`)
@Check('ck_associations_siret_of_siren', '"siren" IS NULL OR "siret" IS NULL OR left("siret", 9) = "siren"')
@Check('ck_associations_geo_pair', '("latitude" IS NULL) = ("longitude" IS NULL)')
@Check('ck_associations_latitude', '"latitude" BETWEEN -90 AND 90')
@Check('ck_associations_longitude', '"longitude" BETWEEN -180 AND 180')
@Check('ck_associations_summary_length', 'char_length("summary") <= 300')
export class AssociationEntity extends ContentEntity {
  @Column({ type: 'text' })
  name!: string;

  /** Folded name without its leading article: "L'Harmonie d'Anor" → "harmonie d anor". */
  @Column({ type: 'text', collation: 'C' })
  sortName!: string;

  /** Folded full name (lower case, no accents) for "name contains" searches. */
  @Column({ type: 'text', collation: 'C' })
  searchName!: string;

  /** Short description ("objet"), at most 300 characters. */
  @Column({ type: 'text', nullable: true })
  summary!: string | null;

  /** Markdown source as written by staff. */
  @Column({ type: 'text', default: '' })
  body!: string;

  /** Sanitised HTML rendered from `body` at write time. */
  @Column({ type: 'text', default: '' })
  bodyHtml!: string;

  @Column({ type: 'text', nullable: true })
  contactName!: string | null;

  /** "Présidente", "Secrétaire"… */
  @Column({ type: 'text', nullable: true })
  contactRole!: string | null;

  @Column({ type: 'text', nullable: true })
  email!: string | null;

  /** E.164, e.g. +33327595111; shown as "03 27 59 51 11". */
  @Column({ type: 'text', nullable: true })
  phone!: string | null;

  @Column({ type: 'text', nullable: true })
  website!: string | null;

  @Column({ type: 'text', nullable: true })
  street!: string | null;

  @Column({ type: 'text', nullable: true })
  postalCode!: string | null;

  @Column({ type: 'text', nullable: true })
  city!: string | null;

  @Column({ type: 'double precision', nullable: true })
  latitude!: number | null;

  @Column({ type: 'double precision', nullable: true })
  longitude!: number | null;

  /** "Salle des fêtes, rue Léo Lagrange" */
  @Column({ type: 'text', nullable: true })
  meetingPlace!: string | null;

  /** Free text: "le mardi de 18 h à 20 h, hors vacances scolaires". */
  @Column({ type: 'text', nullable: true })
  schedule!: string | null;

  /** The logo in the media library; no foreign key until media exists. */
  @Column({ type: 'uuid', nullable: true })
  logoMediaId!: string | null;

  /** Répertoire national des associations: W + 9 digits. */
  @Column({ type: 'text', nullable: true })
  rnaNumber!: string | null;

  @Column({ type: 'text', nullable: true })
  siren!: string | null;

  @Column({ type: 'text', nullable: true })
  siret!: string | null;

  @Column({ type: 'boolean', default: true })
  acceptsNewMembers!: boolean;
}

/** An association's categories (terms of the `category` vocabulary). */
@Entity('association_categories')
// Serves the category filter of the directory: associations of one term.
@Index('ix_association_categories_term', ['termId', 'associationId'])
export class AssociationCategoryEntity {
  @PrimaryColumn({ type: 'uuid' })
  associationId!: string;

  @PrimaryColumn({ type: 'uuid' })
  termId!: string;

  /** Keeps the order staff chose; the first category is the main one. */
  @Column({ type: 'integer', default: 0 })
  position!: number;

  @ManyToOne(() => AssociationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'association_id', foreignKeyConstraintName: 'fk_association_categories_association' })
  association?: AssociationEntity;

  @ManyToOne(() => TaxonomyTermEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'term_id', foreignKeyConstraintName: 'fk_association_categories_term' })
  term?: TaxonomyTermEntity;
}
