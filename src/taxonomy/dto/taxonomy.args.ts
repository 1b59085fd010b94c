import { ArgsType, Field, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsEnum, IsInt, IsNotEmpty, IsString, MaxLength, Min, ValidateNested } from 'class-validator';
import { OptionalNotNull } from '../../common/validation.decorators';
import { SlugField } from '../../content/dto/content.fields';
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

  @SlugField('sport-collectif', 'Derived from the label when left out on creation')
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

