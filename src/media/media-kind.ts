import { registerEnumType } from '@nestjs/graphql';

export enum MediaKind {
  IMAGE = 'image',
  DOCUMENT = 'document',
}

registerEnumType(MediaKind, { name: 'MediaKind', description: 'Image (shown in content) or document (downloaded or opened)' });
