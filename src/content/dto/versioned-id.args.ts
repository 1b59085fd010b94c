import { Type } from '@nestjs/common';
import { ArgsType, Field, ID, Int } from '@nestjs/graphql';
import { IsInt, IsOptional, IsString, IsUUID, MaxLength, Min } from 'class-validator';

export const CHANGE_MESSAGE_MAX_LENGTH = 500;

/** The optional note of every content write, kept with the revision it makes. */
@ArgsType()
export class ChangeMessageArgs {
  @Field(() => String, { nullable: true, description: 'A note on this change for the history ("typo in the opening hours")' })
  @IsOptional()
  @IsString()
  @MaxLength(CHANGE_MESSAGE_MAX_LENGTH)
  message?: string;
}

export interface VersionedId {
  id: string;
  version: number;
}

export interface ContentChange extends VersionedId {
  message?: string;
}

/**
 * `id` + `version` arguments of every change to a versioned item; `noun` names the item in the
 * error message ("id must be a term id"). Extend it: `class TermVersionArgs extends VersionedIdArgs('a term') {}`.
 */
export function VersionedIdArgs(noun: string): Type<VersionedId> {
  @ArgsType()
  class VersionedIdArgsType implements VersionedId {
    @Field(() => ID)
    @IsUUID('all', { message: `id must be ${noun} id` })
    id!: string;

    @Field(() => Int, { description: 'The version you last read: a stale version is refused with CONFLICT' })
    @IsInt()
    @Min(1)
    version!: number;
  }
  return VersionedIdArgsType;
}

/** `id` + `version` + optional `message`: the arguments of every change to a content item. */
export function ContentChangeArgs(noun: string): Type<ContentChange> {
  @ArgsType()
  class ContentChangeArgsType extends VersionedIdArgs(noun) implements ContentChange {
    @Field(() => String, { nullable: true, description: 'A note on this change for the history ("typo in the opening hours")' })
    @IsOptional()
    @IsString()
    @MaxLength(CHANGE_MESSAGE_MAX_LENGTH)
    message?: string;
  }
  return ContentChangeArgsType;
}
