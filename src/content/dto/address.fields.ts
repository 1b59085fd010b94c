import { Field, Float } from '@nestjs/graphql';
import { IsNumber, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { stacked } from './content.fields';

/**
 * The postal address and WGS 84 point that several content types carry (associations, events),
 * as field decorators so each input stays flat and validated the same way. Whether latitude and
 * longitude come together is checked by the module (it depends on the stored values on update).
 */
export const StreetField = (): PropertyDecorator =>
  stacked(Field(() => String, { nullable: true }), IsOptional(), IsString(), MaxLength(200));

export const PostalCodeField = (): PropertyDecorator =>
  stacked(Field(() => String, { nullable: true }), IsOptional(),
    Matches(/^\d{5}$/, { message: 'postalCode must be 5 digits, e.g. 59186' }));

export const CityField = (): PropertyDecorator =>
  stacked(Field(() => String, { nullable: true }), IsOptional(), IsString(), MaxLength(100));

export const LatitudeField = (): PropertyDecorator =>
  stacked(Field(() => Float, { nullable: true, description: 'WGS 84, with longitude (both or neither)' }), IsOptional(),
    IsNumber({ allowNaN: false, allowInfinity: false }),
    Min(-90, { message: 'latitude must be between -90 and 90' }), Max(90, { message: 'latitude must be between -90 and 90' }));

export const LongitudeField = (): PropertyDecorator =>
  stacked(Field(() => Float, { nullable: true, description: 'WGS 84, with latitude (both or neither)' }), IsOptional(),
    IsNumber({ allowNaN: false, allowInfinity: false }),
    Min(-180, { message: 'longitude must be between -180 and 180' }), Max(180, { message: 'longitude must be between -180 and 180' }));
