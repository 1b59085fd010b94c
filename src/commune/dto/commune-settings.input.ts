import { ArgsType, Field, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsEnum, IsInt, IsISO8601, IsNotEmpty, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { OptionalNotNull } from '../../common/validation.decorators';
import { INSEE_CODE_PATTERN } from '../commune-rules';
import { PublicationMode } from '../publication-mode';

@InputType({ description: 'The settings to change; a field left out stays as it is, null clears it' })
export class UpdateCommuneSettingsInput {
  @Field(() => String, { nullable: true, description: 'Name of the commune, e.g. "Anor"' })
  @IsOptional()
  @IsString()
  @IsNotEmpty({ message: 'name must not be empty' })
  @MaxLength(200)
  name?: string | null;

  @Field(() => String, { nullable: true, description: 'INSEE code: 5 characters, the département then 3 digits, e.g. "59012" or "2A004" (not the postcode)' })
  @IsOptional()
  @IsString()
  @Matches(INSEE_CODE_PATTERN, { message: 'inseeCode must be an INSEE commune code: the département then 3 digits, e.g. "59012" or "2A004" (not the postcode)' })
  inseeCode?: string | null;

  @Field(() => Int, { nullable: true, description: 'Municipal population (populations légales)' })
  @IsOptional()
  @IsInt({ message: 'population must be a whole number' })
  @Min(0)
  @Max(10_000_000)
  population?: number | null;

  @Field(() => PublicationMode, { nullable: true, description: 'Paper or posting only under 3,500 inhabitants, with the council decision' })
  @OptionalNotNull()
  @IsEnum(PublicationMode)
  publicationMode?: PublicationMode;

  @Field(() => String, { nullable: true, description: 'The deliberation that chose paper or posting, e.g. "Délibération n° 2022-031"' })
  @IsOptional()
  @IsString()
  @IsNotEmpty({ message: 'publicationDecisionReference must not be empty' })
  @MaxLength(300)
  publicationDecisionReference?: string | null;

  @Field(() => String, { nullable: true, description: 'Date of that deliberation, YYYY-MM-DD' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'publicationDecisionDate must be a calendar date written YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'publicationDecisionDate must be a calendar date written YYYY-MM-DD' })
  publicationDecisionDate?: string | null;
}

@ArgsType()
export class UpdateCommuneSettingsArgs {
  @Field(() => Int, { description: 'The version you read: a stale one is refused with CONFLICT' })
  @IsInt()
  @Min(1)
  version!: number;

  @Field(() => UpdateCommuneSettingsInput)
  @ValidateNested()
  @Type(() => UpdateCommuneSettingsInput)
  input!: UpdateCommuneSettingsInput;
}
