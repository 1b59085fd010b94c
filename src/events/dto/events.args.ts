import { ArgsType, Field, ID, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsDate, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { ConnectionArgs } from '../../common/pagination/connection';
import { Channel, ContentStatus } from '../../content/content.types';
import { MAX_OCCURRENCES_PER_EVENT_PER_QUERY, MAX_WINDOW_DAYS } from '../recurrence';
import { CreateEventInput, UpdateEventInput } from './event.input';
import { ChangeMessageArgs, ContentChangeArgs } from '../../content/dto/versioned-id.args';
import { ChannelArgField, InputArgField, SlugArgField, StatusArgField } from '../../content/dto/content.fields';

export const MAX_UPCOMING = 50;

@ArgsType()
export class EventLookupArgs {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'id must be an event id' })
  id?: string;

  @SlugArgField()
  slug?: string;

  @ChannelArgField('Only if published to this channel')
  channel?: Channel;
}

@ArgsType()
export class EventsArgs extends ConnectionArgs {
  @Field(() => Date, { description: 'Start of the window (occurrences still going on at that time are included)' })
  @Type(() => Date)
  @IsDate({ message: 'from must be a date and time' })
  from!: Date;

  @Field(() => Date, { description: `End of the window (excluded); after from, at most ${MAX_WINDOW_DAYS} days later` })
  @Type(() => Date)
  @IsDate({ message: 'to must be a date and time' })
  to!: Date;

  @Field(() => ID, { nullable: true, description: 'Only events of this category (a CATEGORY term id)' })
  @IsOptional()
  @IsUUID('all', { message: 'category must be a category id' })
  category?: string;

  @Field(() => ID, { nullable: true, description: 'Only events organised by this association' })
  @IsOptional()
  @IsUUID('all', { message: 'organizerAssociationId must be an association id' })
  organizerAssociationId?: string;

  @ChannelArgField()
  channel?: Channel;

  @StatusArgField('published events')
  status?: ContentStatus;
}

@ArgsType()
export class UpcomingEventsArgs {
  @Field(() => Int, { defaultValue: 5, description: `How many occurrences, 1 to ${MAX_UPCOMING}` })
  @IsInt()
  @Min(1)
  @Max(MAX_UPCOMING)
  first: number = 5;

  @ChannelArgField()
  channel?: Channel;
}

@ArgsType()
export class EventVersionArgs extends ContentChangeArgs('an event') {}

@ArgsType()
export class CreateEventArgs extends ChangeMessageArgs {
  @InputArgField(CreateEventInput)
  input!: CreateEventInput;
}

@ArgsType()
export class UpdateEventArgs extends EventVersionArgs {
  @InputArgField(UpdateEventInput)
  input!: UpdateEventInput;
}

export const WINDOW_DESCRIPTION = `Occurrences of events overlapping [from, to), in chronological order (start, then event id); `
  + `recurrences expanded in Paris local time. The window is at most ${MAX_WINDOW_DAYS} days, and one event contributes at most its `
  + `first ${MAX_OCCURRENCES_PER_EVENT_PER_QUERY} occurrences to a window (ask for a shorter window to see more). `
  + 'Cancelled and postponed events stay listed, with their eventStatus.';
