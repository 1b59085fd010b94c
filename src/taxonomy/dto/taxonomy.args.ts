import { ArgsType, Field, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsEnum, IsInt, IsNotEmpty, IsString, Matches, MaxLength, Min, ValidateNested } from 'class-validator';
import { OptionalNotNull } from '../../common/validation.decorators';
import { SLUG_MAX_LENGTH, SLUG_PATTERN } from '../../content/slug';
import { Vocabulary } from '../vocabulary';
import { VersionedIdArgs } from '../../content/dto/versioned-id.args';

@ArgsType()
export class TermsArgs {
  @Field(() => Vocabulary)
  @IsEnum(Vocabulary)
  vocabulary!: Vocabulary;
}

@InputType()
export class TermInput {
  @Field({ nullable: true })
  @OptionalNotNull()
  @IsString()
  @IsNotEmpty({ message: 'label must not be empty' })
  @MaxLength(80)
  label?: string;

  @Field({ nullable: true, description: 'Derived from the label when left out on creation' })
  @OptionalNotNull()
  @Matches(SLUG_PATTERN, { message: 'slug must be lower-case letters, digits and single hyphens' })
  @MaxLength(SLUG_MAX_LENGTH)
  slug?: string;

  @Field(() => Int, { nullable: true })
  @OptionalNotNull()
  @IsInt()
  @Min(0)
  position?: number;
}

@ArgsType()
export class CreateTermArgs {
  @Field(() => Vocabulary)
  @IsEnum(Vocabulary)
  vocabulary!: Vocabulary;

  @Field(() => TermInput)
  @ValidateNested()
  @Type(() => TermInput)
  input!: TermInput;
}

@ArgsType()
export class TermVersionArgs extends VersionedIdArgs('a term') {}

@ArgsType()
export class UpdateTermArgs extends TermVersionArgs {
  @Field(() => TermInput)
  @ValidateNested()
  @Type(() => TermInput)
  input!: TermInput;
}

