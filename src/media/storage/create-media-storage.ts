import { Logger } from '@nestjs/common';
import { AppConfig } from '../../config/config';
import { LocalMediaStorage } from './local-media-storage';
import { MediaStorage } from './media-storage';
import { S3MediaStorage } from './s3-media-storage';

/** The storage MEDIA_STORAGE chose: the local folder (default) or an S3-compatible bucket. */
export function createMediaStorage(media: AppConfig['media']): MediaStorage {
  new Logger('Media').log(describeMediaStorage(media));
  return media.storage.kind === 's3' ? new S3MediaStorage(media.storage) : new LocalMediaStorage(media.dir);
}

/** One line for the start-up log saying where files go; it names no key. */
export function describeMediaStorage(media: AppConfig['media']): string {
  const storage = media.storage;
  if (storage.kind === 'local') return `Media files in ${media.dir}`;
  const details = [
    storage.endpoint ?? `AWS S3 ${storage.region}`,
    storage.forcePathStyle ? 'path style' : undefined,
    storage.prefix ? `prefix ${storage.prefix}` : undefined,
    storage.credentials ? 'keys from S3_ACCESS_KEY_ID' : 'default AWS credential chain',
  ].filter(Boolean).join(', ');
  return `Media files in S3 bucket ${storage.bucket} (${details}); uploads are received in ${media.dir}/.tmp`;
}
