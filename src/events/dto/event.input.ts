import { Field, ID, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsBoolean, IsDate, IsEnum, IsOptional, IsString, IsUrl, IsUUID, Matches, MaxLength, ValidateNested } from 'class-validator';
import { OptionalNotNull } from '../../common/validation.decorators';
import { Channel } from '../../content/content.types';
import { EventStatus } from '../event-status';
import { CityField, LatitudeField, LongitudeField, PostalCodeField, StreetField } from '../../content/dto/address.fields';
import { CategoryIdsField, ChannelsField, MarkdownField, RequiredTitleField, SlugField, SummaryField, TitleField } from '../../content/dto/content.fields';

const URL_OPTIONS = { protocols: ['http', 'https'], require_protocol: true };
const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;
const LOCAL_DATE_MESSAGE = (field: string): string => `${field} must be a date written YYYY-MM-DD`;

@InputType({ description: 'One occurrence of a recurring event changed on its own: cancelled, sold out, or moved (POSTPONED with its new start)' })
export class EventOccurrenceOverrideInput {
  @Field(() => Date, { description: 'The start the schedule gives the occurrence (originalStartsAt of the occurrence as listed)' })
  @Type(() => Date)
  @IsDate({ message: 'originalStartsAt must be a date and time' })
  originalStartsAt!: Date;

  @Field(() => EventStatus, { description: 'CANCELLED, SOLD_OUT, SCHEDULED, or POSTPONED to move it (then startsAt is required)' })
  @IsEnum(EventStatus)
  status!: EventStatus;

  @Field(() => Date, { nullable: true, description: 'New start of a moved occurrence (POSTPONED only); a local midnight for an all-day event' })
  @IsOptional()
  @Type(() => Date)
  @IsDate({ message: 'startsAt must be a date and time' })
  startsAt?: Date | null;

  @Field(() => Date, { nullable: true, description: 'New end of a moved occurrence; keeps the duration when left out' })
  @IsOptional()
  @Type(() => Date)
  @IsDate({ message: 'endsAt must be a date and time' })
  endsAt?: Date | null;

  @Field(() => String, { nullable: true, description: 'Why, for visitors: "Jour de Noël", "Salle occupée : séance le mercredi"' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string | null;
}

@InputType({ description: 'Fields of an event that staff edit. Times are in Europe/Paris.' })
export class EventFieldsInput {
  @TitleField()
  title?: string;

  @SlugField('fete-communale-2026', 'Derived from the title when left out on creation (with the date if the title is taken)')
  slug?: string;

  @SummaryField(500)
  summary?: string | null;

  @MarkdownField()
  body?: string;

  @Field({ nullable: true, description: 'Whole days: give startDate/endDate instead of startsAt/endsAt. False when left out on creation' })
  @OptionalNotNull()
  @IsBoolean()
  allDay?: boolean;

  @Field(() => Date, { nullable: true, description: 'Start of an event with times (not all-day)' })
  @OptionalNotNull()
  @Type(() => Date)
  @IsDate({ message: 'startsAt must be a date and time' })
  startsAt?: Date;

  @Field(() => Date, { nullable: true, description: 'End of an event with times; not before startsAt. On update, moving startsAt alone keeps the duration' })
  @OptionalNotNull()
  @Type(() => Date)
  @IsDate({ message: 'endsAt must be a date and time' })
  endsAt?: Date;

  @Field({ nullable: true, description: 'First day of an all-day event, local date YYYY-MM-DD' })
  @OptionalNotNull()
  @IsString()
  @Matches(LOCAL_DATE, { message: LOCAL_DATE_MESSAGE('startDate') })
  startDate?: string;

  @Field({ nullable: true, description: 'Last day (included) of an all-day event, YYYY-MM-DD; the start date when left out' })
  @OptionalNotNull()
  @IsString()
  @Matches(LOCAL_DATE, { message: LOCAL_DATE_MESSAGE('endDate') })
  endDate?: string;

  @Field(() => String, {
    nullable: true,
    description: 'RFC 5545 RRULE without DTSTART, e.g. FREQ=WEEKLY;BYDAY=TU;UNTIL=20270630 or FREQ=MONTHLY;BYDAY=1SA;COUNT=10. '
      + 'Must end (COUNT at most 1000, or UNTIL) and give at most 3000 occurrences; the event\'s start must be its first occurrence. '
      + 'Expanded in Paris local time. null for a one-off event',
  })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  recurrenceRule?: string | null;

  @Field(() => [String], { nullable: true, description: 'Local dates (YYYY-MM-DD) of occurrences to skip (EXDATE); each must be a date the rule gives. Kept when the rule changes unless given again' })
  @OptionalNotNull()
  @IsString({ each: true })
  @Matches(LOCAL_DATE, { each: true, message: 'exceptionDates must be dates written YYYY-MM-DD' })
  @ArrayMaxSize(366)
  exceptionDates?: string[];

  @Field(() => String, { nullable: true, description: '"Salle des fêtes", "Place du Général de Gaulle"' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  placeName?: string | null;

  @StreetField()
  street?: string | null;

  @PostalCodeField()
  postalCode?: string | null;

  @CityField()
  city?: string | null;

  @LatitudeField()
  latitude?: number | null;

  @LongitudeField()
  longitude?: number | null;

  @CategoryIdsField('Terms of the CATEGORY vocabulary, main one first')
  categoryIds?: string[];

  @Field(() => ID, { nullable: true, description: 'Organiser from the directory of associations; setting it clears organizerName' })
  @IsOptional()
  @IsUUID('all', { message: 'organizerAssociationId must be an association id' })
  organizerAssociationId?: string | null;

  @Field(() => String, { nullable: true, description: 'Organiser in free text when not in the directory; setting it clears organizerAssociationId' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  organizerName?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'true: free (then no priceText); null: not said' })
  @IsOptional()
  @IsBoolean()
  isFree?: boolean | null;

  @Field(() => String, { nullable: true, description: '"5 €, gratuit pour les moins de 12 ans"; implies isFree false' })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  priceText?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsUrl(URL_OPTIONS, { message: 'registrationUrl must be a full http(s) address' })
  @MaxLength(2000)
  registrationUrl?: string | null;

  @Field(() => ID, { nullable: true, description: 'Image from the media library (an image with alt text, or marked decorative, before publishing)' })
  @IsOptional()
  @IsUUID('all', { message: 'imageMediaId must be a media id' })
  imageMediaId?: string | null;

  @Field(() => String, { nullable: true, description: 'Access for people with reduced mobility, hearing loop, etc.' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  accessibilityNotes?: string | null;

  @Field(() => EventStatus, { nullable: true, description: 'SCHEDULED when left out on creation' })
  @OptionalNotNull()
  @IsEnum(EventStatus)
  eventStatus?: EventStatus;

  @Field(() => Date, { nullable: true, description: 'New start of a postponed event: required with POSTPONED, refused otherwise' })
  @IsOptional()
  @Type(() => Date)
  @IsDate({ message: 'postponedTo must be a date and time' })
  postponedTo?: Date | null;

  @Field(() => String, { nullable: true, description: 'Only for a CANCELLED event' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  cancellationReason?: string | null;

  @Field(() => [EventOccurrenceOverrideInput], {
    nullable: true,
    description: 'Changes to single occurrences of a recurring event (replaces the stored list; [] removes them). '
      + 'Each targets an occurrence the rule gives; kept when the schedule changes only if they still match',
  })
  @OptionalNotNull()
  @ValidateNested({ each: true })
  @Type(() => EventOccurrenceOverrideInput)
  @ArrayMaxSize(366)
  occurrenceOverrides?: EventOccurrenceOverrideInput[];

  @ChannelsField()
  channels?: Channel[];
}

@InputType()
export class CreateEventInput extends EventFieldsInput {
  @RequiredTitleField()
  declare title: string;
}

@InputType()
export class UpdateEventInput extends EventFieldsInput {}
