import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { MediaKind } from './media-kind';

/**
 * One file of the media library. Not a content item: a file has no draft or publication of its own;
 * the content that uses it is published. Files are content-addressed: identical bytes are stored
 * once and uploading them again returns the existing media (`sha256` is unique).
 */
@Entity('media')
@Index('uq_media_sha256', ['sha256'], { unique: true })
// mediaList: newest first, optionally filtered by kind.
@Index('ix_media_created', ['createdAt', 'id'])
@Index('ix_media_kind_created', ['kind', 'createdAt', 'id'])
@Check('ck_media_sha256', `"sha256" ~ '^[0-9a-f]{64}$'`)
@Check('ck_media_size', '"size" >= 0')
@Check('ck_media_focal_point', '("focal_x" IS NULL) = ("focal_y" IS NULL) AND "focal_x" BETWEEN 0 AND 1 AND "focal_y" BETWEEN 0 AND 1')
@Check('ck_media_dimensions', '("width" IS NULL OR "width" > 0) AND ("height" IS NULL OR "height" > 0)')
export class MediaEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Where the bytes are in the MediaStorage. */
  @Column({ type: 'text' })
  storageKey!: string;

  /** Sanitised original name: no folders, no control characters, at most 200 characters. */
  @Column({ type: 'text' })
  fileName!: string;

  /** Detected from the content, never taken from the client. */
  @Column({ type: 'text' })
  mimeType!: string;

  @Column({ type: 'enum', enum: MediaKind, enumName: 'media_kind' })
  kind!: MediaKind;

  @Column({ type: 'integer' })
  size!: number;

  @Column({ type: 'char', length: 64 })
  sha256!: string;

  /** Images: displayed size (EXIF orientation applied); null for an SVG without a size. */
  @Column({ type: 'integer', nullable: true })
  width!: number | null;

  @Column({ type: 'integer', nullable: true })
  height!: number | null;

  /** Images: the point to keep in view when a layout crops the picture, 0–1 from the top left. */
  @Column({ type: 'real', nullable: true })
  focalX!: number | null;

  @Column({ type: 'real', nullable: true })
  focalY!: number | null;

  /** PDFs: number of pages and the title in the document's metadata. */
  @Column({ type: 'integer', nullable: true })
  pageCount!: number | null;

  @Column({ type: 'text', nullable: true })
  title!: string | null;

  /** Text alternative of an image (RGAA): required before a non-decorative image is published. */
  @Column({ type: 'text', nullable: true })
  alt!: string | null;

  /** A decorative image has an empty alt on purpose. */
  @Column({ type: 'boolean', default: false })
  decorative!: boolean;

  @Column({ type: 'uuid', nullable: true })
  uploadedById!: string | null;

  /** Bumped by every metadata edit: a stale version is refused with CONFLICT. */
  @Column({ type: 'integer', default: 1 })
  version!: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
