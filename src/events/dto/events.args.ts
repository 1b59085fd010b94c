import { ArgsType, Field, ID, Int } from '@nestjs/graphql';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDate, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { ConnectionArgs } from '../../common/pagination/connection';
import { Channel, ContentStatus } from '../../content/content.types';
import { CreateEventInput, UpdateEventInput } from './event.input';
import { ChangeMessageArgs, ContentChangeArgs } from '../../content/dto/versioned-id.args';
import { ChannelArgField, InputArgField, InputsArgField, StatusArgField } from '../../content/dto/content.fields';
import { SlugLookupArgs } from '../../content/dto/lookup.args';

export const MAX_UPCOMING = 50;

@ArgsType()
export class EventLookupArgs extends SlugLookupArgs('an event', 'brocante-de-printemps') {}

@ArgsType()
export class EventsArgs extends ConnectionArgs {
  @Field(() => Date, { nullable: true, description: 'Start of the window (occurrences still going on at that time are included); now when left out' })
  @IsOptional()
  @Type(() => Date)
  @IsDate({ message: 'from must be a date and time' })
  from?: Date;

  @Field(() => Date, { nullable: true, description: 'End of the window (excluded), after from; no end when left out' })
  @IsOptional()
  @Type(() => Date)
  @IsDate({ message: 'to must be a date and time' })
  to?: Date;

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

export const EVENT_LIST_INCLUDES = ['body', 'totalCount'] as const;
export type EventListInclude = (typeof EVENT_LIST_INCLUDES)[number];

/**
 * REST only: `GET /api/v1/events` answers a summary of each event (no body); `?include=body`
 * adds the Markdown body and its HTML, `?include=totalCount` counts all pages (comma-separated).
 */
export class EventsQuery extends EventsArgs {
  @ApiPropertyOptional({ description: 'Comma-separated: `body` adds each event\'s body and HTML, `totalCount` counts all pages', example: 'body,totalCount' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  @Matches(/^(body|totalCount)(,(body|totalCount))*$/, { message: `include is a comma-separated list of: ${EVENT_LIST_INCLUDES.join(', ')}` })
  include?: string;
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
export class CreateEventsArgs extends ChangeMessageArgs {
  @InputsArgField(CreateEventInput)
  inputs!: CreateEventInput[];
}

@ArgsType()
export class UpdateEventArgs extends EventVersionArgs {
  @InputArgField(UpdateEventInput)
  input!: UpdateEventInput;
}

export const WINDOW_DESCRIPTION = 'Occurrences of events overlapping [from, to), in chronological order (start, then event id); '
  + 'upcoming ones (from now, those going on included) when from is left out, with no end when to is left out. '
  + 'Recurrences are expanded in Paris local time. Cancelled occurrences stay listed with their eventStatus; a postponed or moved '
  + 'one is listed at its old date (POSTPONED, movedTo) and at its new date (rescheduled, previousStartsAt).';
