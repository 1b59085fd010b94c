import { Field, ID, InputType } from '@nestjs/graphql';
import { IsBoolean, IsEmail, IsOptional, IsString, IsUrl, IsUUID, Matches, MaxLength, ValidateBy } from 'class-validator';
import { OptionalNotNull } from '../../common/validation.decorators';
import { Channel } from '../../content/content.types';
import { isValidSiren, isValidSiret, RNA_PATTERN } from '../identifiers';
import { isValidPhone } from '../phone';
import { CityField, LatitudeField, LongitudeField, PostalCodeField, StreetField } from '../../content/dto/address.fields';
import { CategoryIdsField, ChannelsField, MarkdownField, SlugField, SummaryField } from '../../content/dto/content.fields';

export const SUMMARY_MAX_LENGTH = 300;
export const MAX_CATEGORIES = 10;
const URL_OPTIONS = { protocols: ['http', 'https'], require_protocol: true };

/** A string property that `check` must accept (null and undefined are left to @IsOptional). */
function Satisfies(name: string, check: (value: string) => boolean, message: string): PropertyDecorator {
  return ValidateBy({
    name,
    validator: { validate: (value: unknown) => typeof value === 'string' && check(value), defaultMessage: () => message },
  });
}

@InputType({ description: 'Fields of an association that staff edit; on update, a field left out keeps its value and null clears it' })
export class AssociationFieldsInput {
  @Field({ nullable: true })
  @OptionalNotNull()
  @IsString()
  @Matches(/\S/, { message: 'name must not be empty' })
  @MaxLength(200)
  name?: string;

  @SlugField('harmonie-d-anor', 'Derived from the name when left out on creation; then changed only when given')
  slug?: string;

  @SummaryField(SUMMARY_MAX_LENGTH, {
    description: `Short description of the association's purpose, at most ${SUMMARY_MAX_LENGTH} characters`,
    message: `summary must be at most ${SUMMARY_MAX_LENGTH} characters`,
  })
  summary?: string | null;

  @MarkdownField()
  body?: string;

  @CategoryIdsField('Terms of the CATEGORY vocabulary, main category first', MAX_CATEGORIES)
  categoryIds?: string[];

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  contactName?: string | null;

  @Field(() => String, { nullable: true, description: 'e.g. "Présidente", "Secrétaire"' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  contactRole?: string | null;

  @Field(() => String, { nullable: true, description: 'Public contact address' })
  @IsOptional()
  @IsEmail({}, { message: 'email must be an email address, e.g. contact@example.fr' })
  @MaxLength(320)
  email?: string | null;

  @Field(() => String, { nullable: true, description: 'As written in France ("03 27 59 51 11") or international ("+33 3 27 59 51 11")' })
  @IsOptional()
  @Satisfies('isPhone', isValidPhone, 'phone must be a phone number, e.g. 03 27 59 51 11 or +33 3 27 59 51 11')
  @MaxLength(40)
  phone?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsUrl(URL_OPTIONS, { message: 'website must be a full http(s) address, e.g. https://example.fr' })
  @MaxLength(2000)
  website?: string | null;

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

  @Field(() => String, { nullable: true, description: 'Where members meet, e.g. "Salle des fêtes, rue Léo Lagrange"' })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  meetingPlace?: string | null;

  @Field(() => String, { nullable: true, description: 'When members meet, free text' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  schedule?: string | null;

  @Field(() => ID, { nullable: true, description: 'Logo in the media library (not checked until the media library exists)' })
  @IsOptional()
  @IsUUID('all', { message: 'logoMediaId must be a media id' })
  logoMediaId?: string | null;

  @Field(() => String, { nullable: true, description: 'RNA number: W followed by 9 digits' })
  @IsOptional()
  @Matches(RNA_PATTERN, { message: 'rnaNumber must be W followed by 9 digits, e.g. W593000123' })
  rnaNumber?: string | null;

  @Field(() => String, { nullable: true, description: '9 digits with a valid check digit' })
  @IsOptional()
  @Satisfies('isSiren', isValidSiren, 'siren must be 9 digits with a valid check digit (Luhn)')
  siren?: string | null;

  @Field(() => String, { nullable: true, description: '14 digits with a valid check digit; starts with the SIREN when both are given' })
  @IsOptional()
  @Satisfies('isSiret', isValidSiret, 'siret must be 14 digits with a valid check digit (Luhn)')
  siret?: string | null;

  @Field({ nullable: true, description: 'Defaults to true on creation' })
  @OptionalNotNull()
  @IsBoolean()
  acceptsNewMembers?: boolean;

  @ChannelsField()
  channels?: Channel[];
}

@InputType()
export class CreateAssociationInput extends AssociationFieldsInput {
  @Field()
  @IsString()
  @Matches(/\S/, { message: 'name must not be empty' })
  @MaxLength(200)
  declare name: string;
}

@InputType()
export class UpdateAssociationInput extends AssociationFieldsInput {}
