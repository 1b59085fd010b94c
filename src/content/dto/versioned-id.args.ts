import { Type } from '@nestjs/common';
import { ArgsType, Field, ID, Int } from '@nestjs/graphql';
import { IsInt, IsUUID, Min } from 'class-validator';

export interface VersionedId {
  id: string;
  version: number;
}

/**
 * `id` + `version` arguments of every change to a versioned item; `noun` names the item in the
 * error message ("id must be an event id"). Extend it: `class EventVersionArgs extends VersionedIdArgs('an event') {}`.
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
