import { ArgsType, Field, Float, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsBoolean, IsEnum, IsInt, IsNumber, IsOptional, IsString, IsUUID, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { ConnectionArgs } from '../../common/pagination/connection';
import { BooleanFromQuery, OptionalNotNull } from '../../common/validation.decorators';
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

  @Field(() => String, { nullable: true, description: 'Words found in the file name, the PDF title or the alt text (case-insensitive)' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  search?: string;

  @Field(() => Boolean, { nullable: true, description: 'true: only files some content uses; false: only unused files (candidates for deleteMedia)' })
  @IsOptional()
  @BooleanFromQuery()
  @IsBoolean()
  used?: boolean;
}

@InputType({ description: 'A point of an image, from the top left corner: 0 to 1 on each axis' })
export class FocalPointInput {
  @Field(() => Float)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1)
  x!: number;

  @Field(() => Float)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1)
  y!: number;
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

  @Field(() => FocalPointInput, { nullable: true, description: 'Images: the point to keep in view when cropping; null clears it' })
  @IsOptional()
  @ValidateNested()
  @Type(() => FocalPointInput)
  focalPoint?: FocalPointInput | null;
}

@ArgsType()
export class DeleteMediaArgs extends MediaIdArgs {
  @Field(() => Int, { description: 'The version you last read' })
  @IsInt()
  @Min(1)
  version!: number;
}
