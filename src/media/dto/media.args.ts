import { ArgsType, Field, ID, Int } from '@nestjs/graphql';
import { IsBoolean, IsEnum, IsInt, IsOptional, IsString, IsUUID, MaxLength, Min } from 'class-validator';
import { ConnectionArgs } from '../../common/pagination/connection';
import { OptionalNotNull } from '../../common/validation.decorators';
import { MediaKind } from '../media-kind';

export const MAX_ALT_LENGTH = 1000;

@ArgsType()
export class MediaIdArgs {
  @Field(() => ID)
  @IsUUID('all', { message: 'id must be a media id' })
  id!: string;
}

/** `GET /media/{id}/{fileName}`: the name is for people and browsers, the id decides. */
export class MediaFileParams extends MediaIdArgs {
  @IsString()
  fileName!: string;
}

@ArgsType()
export class MediaListArgs extends ConnectionArgs {
  @Field(() => MediaKind, { nullable: true, description: 'Only images or only documents' })
  @IsOptional()
  @IsEnum(MediaKind)
  kind?: MediaKind;
}

@ArgsType()
export class UpdateMediaArgs extends MediaIdArgs {
  @Field(() => Int, { description: 'The version you last read' })
  @IsInt()
  @Min(1)
  version!: number;

  @Field(() => String, { nullable: true, description: 'Text alternative of an image; null or empty clears it' })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_ALT_LENGTH)
  alt?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'A decorative image is skipped by screen readers (empty alt)' })
  @OptionalNotNull()
  @IsBoolean()
  decorative?: boolean;
}

@ArgsType()
export class DeleteMediaArgs extends MediaIdArgs {
  @Field(() => Int, { description: 'The version you last read' })
  @IsInt()
  @Min(1)
  version!: number;
}
