import { Field, Float, ID, ObjectType } from '@nestjs/graphql';
import { Connection } from '../common/pagination/connection';
import { AssociationEntity } from './association.entity';
import { formatPhoneForDisplay } from './phone';
import { ContentItem, contentItemFields, registerContentItemType } from '../content/content-item.model';
import { ContentTypeName } from '../content/content.types';

@ObjectType('Association', { implements: () => [ContentItem], description: 'An association of the local directory' })
export class Association extends ContentItem {
  @Field()
  name!: string;

  @Field(() => String, { nullable: true, description: 'Short description of its purpose (at most 300 characters)' })
  summary!: string | null;

  @Field({ description: 'Markdown source' })
  body!: string;

  @Field({ description: 'HTML rendered from the Markdown body, sanitised (no raw HTML, no script links)' })
  bodyHtml!: string;

  @Field(() => String, { nullable: true })
  contactName!: string | null;

  @Field(() => String, { nullable: true, description: 'e.g. "Présidente"' })
  contactRole!: string | null;

  @Field(() => String, { nullable: true, description: 'Public contact address' })
  email!: string | null;

  @Field(() => String, { nullable: true, description: 'E.164, for tel: links, e.g. +33327595111' })
  phone!: string | null;

  @Field(() => String, { nullable: true, description: 'As people read it: "03 27 59 51 11" (international form for numbers abroad)' })
  phoneDisplay!: string | null;

  @Field(() => String, { nullable: true })
  website!: string | null;

  @Field(() => String, { nullable: true })
  street!: string | null;

  @Field(() => String, { nullable: true })
  postalCode!: string | null;

  @Field(() => String, { nullable: true })
  city!: string | null;

  @Field(() => Float, { nullable: true, description: 'WGS 84; set together with longitude' })
  latitude!: number | null;

  @Field(() => Float, { nullable: true, description: 'WGS 84; set together with latitude' })
  longitude!: number | null;

  @Field(() => String, { nullable: true, description: 'Where members meet' })
  meetingPlace!: string | null;

  @Field(() => String, { nullable: true, description: 'When members meet (free text)' })
  schedule!: string | null;

  @Field(() => ID, { nullable: true, description: 'Logo in the media library' })
  logoMediaId!: string | null;

  @Field(() => String, { nullable: true, description: 'RNA number (W + 9 digits)' })
  rnaNumber!: string | null;

  @Field(() => String, { nullable: true })
  siren!: string | null;

  @Field(() => String, { nullable: true })
  siret!: string | null;

  @Field()
  acceptsNewMembers!: boolean;
}

export const AssociationConnection = Connection(Association, 'Association');

/** Entity → API shape: the one mapping used by GraphQL and REST (and by events for an organiser). */
export function toAssociation(entity: AssociationEntity): Association {
  return Object.assign(contentItemFields(entity, ContentTypeName.ASSOCIATION), {
    name: entity.name,
    summary: entity.summary,
    body: entity.body,
    bodyHtml: entity.bodyHtml,
    contactName: entity.contactName,
    contactRole: entity.contactRole,
    email: entity.email,
    phone: entity.phone,
    phoneDisplay: entity.phone === null ? null : formatPhoneForDisplay(entity.phone),
    website: entity.website,
    street: entity.street,
    postalCode: entity.postalCode,
    city: entity.city,
    latitude: entity.latitude,
    longitude: entity.longitude,
    meetingPlace: entity.meetingPlace,
    schedule: entity.schedule,
    logoMediaId: entity.logoMediaId,
    rnaNumber: entity.rnaNumber,
    siren: entity.siren,
    siret: entity.siret,
    acceptsNewMembers: entity.acceptsNewMembers,
  });
}

registerContentItemType(ContentTypeName.ASSOCIATION, 'Association');
