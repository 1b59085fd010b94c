import { Check, Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { ContentEntity } from '../content/content.entity';

/**
 * A document to download from a page (the cemetery regulations PDF on the "Cimetière" page). Kept in
 * the page's row as an ordered jsonb list, like a legal notice's documents: it has no life of its
 * own and is always read with the page. The file is a document of the media library.
 */
export interface PageAttachmentValue {
  title: string;
  mediaId: string;
}

/**
 * A "vie pratique" page in the tree that staff arrange themselves. `path` is derived from the
 * slugs of the page and its ancestors (`/vie-pratique/dechets/bacs`) and kept in the row so that a
 * page is found by its URL with one indexed lookup; the service recomputes it on every move.
 */
@Entity('pages')
@Index('uq_pages_path', ['path'], { unique: true, where: '"deleted_at" IS NULL' })
@Index('ix_pages_parent_position', ['parentId', 'position'])
@Check('ck_pages_slug', `"slug" ~ '^[a-z0-9]+(-[a-z0-9]+)*$'`)
@Check('ck_pages_position', '"position" >= 0')
@Check('ck_pages_not_own_parent', '"parent_id" IS NULL OR "parent_id" <> "id"')
@Check('ck_pages_attachments', `jsonb_typeof("attachments") = 'array'`)
export class PageEntity extends ContentEntity {
  @Column({ type: 'uuid', nullable: true })
  parentId!: string | null;

  @ManyToOne(() => PageEntity, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'parent_id', foreignKeyConstraintName: 'fk_pages_parent' })
  parent?: PageEntity | null;

  @Column({ type: 'integer', default: 0 })
  position!: number;

  @Column({ type: 'text' })
  path!: string;

  @Column({ type: 'text' })
  title!: string;

  /** Shorter title for the kiosk's large buttons. */
  @Column({ type: 'text', nullable: true })
  kioskTitle!: string | null;

  @Column({ type: 'text', nullable: true })
  summary!: string | null;

  /** Markdown source as written by staff. */
  @Column({ type: 'text', default: '' })
  body!: string;

  /** Sanitised HTML rendered from `body` at write time. */
  @Column({ type: 'text', default: '' })
  bodyHtml!: string;

  /** For entries that point to an online service elsewhere (service-public.fr, ANTS…). */
  @Column({ type: 'text', nullable: true })
  externalUrl!: string | null;

  @Column({ type: 'text', nullable: true })
  seoDescription!: string | null;

  /** Banner or illustration: an image of the media library (no foreign key, like the other modules). */
  @Column({ type: 'uuid', nullable: true })
  imageMediaId!: string | null;

  @Column({ type: 'jsonb', default: () => `'[]'` })
  attachments!: PageAttachmentValue[];
}
