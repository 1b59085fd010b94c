import { ArgsType, Field, ID, Int } from '@nestjs/graphql';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsDate, IsEnum, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { ConnectionArgs } from '../../common/pagination/connection';
import { BooleanFromQuery, Trim } from '../../common/validation.decorators';
import { Channel, ContentStatus } from '../../content/content.types';
import { LegalNoticeKind } from '../legal-notice-kind';
import { CreateLegalNoticeInput, IsActYear, IsCalendarDate, IsNoticeReference, UpdateLegalNoticeInput } from './legal-notice.input';
import { ChangeMessageArgs, ContentChangeArgs } from '../../content/dto/versioned-id.args';
import { ChannelArgField, InputArgField, StatusArgField } from '../../content/dto/content.fields';

const ID_MESSAGE = 'id must be a legal notice id';

@ArgsType()
export class LegalNoticeLookupArgs {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: ID_MESSAGE })
  id?: string;

  @Field(() => LegalNoticeKind, { nullable: true, description: 'With reference and year, instead of id' })
  @IsOptional()
  @IsEnum(LegalNoticeKind)
  kind?: LegalNoticeKind;

  @Field({ nullable: true, description: 'Number of the act, e.g. "2026-045"' })
  @IsOptional()
  @IsNoticeReference()
  reference?: string;

  @Field(() => Int, { nullable: true, description: 'Year of the act date' })
  @IsOptional()
  @IsActYear()
  year?: number;
}

/** Filters shared by the board and the archive. */
@ArgsType()
export class LegalNoticeFilterArgs extends ConnectionArgs {
  @Field(() => LegalNoticeKind, { nullable: true })
  @IsOptional()
  @IsEnum(LegalNoticeKind)
  kind?: LegalNoticeKind;

  @ChannelArgField()
  channel?: Channel;
}

@ArgsType()
export class LegalNoticesOnDisplayArgs extends LegalNoticeFilterArgs {
  @Field(() => Date, { nullable: true, description: 'The moment to show the board at; now when left out' })
  @IsOptional()
  @Type(() => Date)
  @IsDate({ message: 'at must be a date and time' })
  at?: Date;
}

@ArgsType()
export class LegalNoticesArgs extends LegalNoticeFilterArgs {
  @Field(() => Int, { nullable: true, description: 'Year of the act date' })
  @IsOptional()
  @IsActYear()
  year?: number;

  @Field({ nullable: true, description: 'Number of the act, exactly, e.g. "2026-045"' })
  @IsOptional()
  @IsNoticeReference()
  reference?: string;

  @StatusArgField('published notices')
  status?: ContentStatus;
}

/** REST: the archive's filters, or the board with `onDisplay=true` (and `at`). */
export class LegalNoticesQuery extends LegalNoticesArgs {
  @ApiPropertyOptional({ description: 'true: the board, the notices on display at `at` (now by default); filters: kind, channel' })
  @IsOptional()
  @BooleanFromQuery()
  @IsBoolean()
  onDisplay?: boolean;

  @ApiPropertyOptional({ description: 'With onDisplay=true: the board at this time instead of now' })
  @IsOptional()
  @Type(() => Date)
  @IsDate({ message: 'at must be a date and time' })
  at?: Date;
}

@ArgsType()
export class LegalNoticeVersionArgs extends ContentChangeArgs('a legal notice') {}

@ArgsType()
export class CreateLegalNoticeArgs extends ChangeMessageArgs {
  @InputArgField(CreateLegalNoticeInput)
  input!: CreateLegalNoticeInput;
}

@ArgsType()
export class UpdateLegalNoticeArgs extends LegalNoticeVersionArgs {
  @InputArgField(UpdateLegalNoticeInput)
  input!: UpdateLegalNoticeInput;
}

@ArgsType()
export class WithdrawLegalNoticeArgs extends LegalNoticeVersionArgs {
  @Field({ description: 'Why the act is withdrawn, shown with it (10 to 1000 characters)' })
  @Trim()
  @IsString()
  @Length(10, 1000, { message: 'reason must be 10 to 1000 characters long' })
  reason!: string;
}

@ArgsType()
export class ExtendLegalNoticeDisplayArgs extends LegalNoticeVersionArgs {
  @Field(() => Date, { description: 'The new end of display: later than the current one' })
  @Type(() => Date)
  @IsDate({ message: 'displayUntil must be a date and time' })
  displayUntil!: Date;

  @Field(() => String, {
    nullable: true,
    description: 'Planning-permission applications: a later last day of the instruction (YYYY-MM-DD), e.g. when the file was incomplete; displayUntil must cover it',
  })
  @IsOptional()
  @IsCalendarDate()
  instructionEndsOn?: string;
}
