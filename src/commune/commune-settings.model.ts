import { Field, Int, ObjectType } from '@nestjs/graphql';
import { CommuneSettingsEntity } from './commune-settings.entity';
import { PublicationMode } from './publication-mode';

@ObjectType('CouncilDecision', { description: 'A vote of the municipal council, by its reference and date' })
export class CouncilDecision {
  @Field({ description: 'e.g. "Délibération n° 2022-031"' })
  reference!: string;

  @Field({ description: 'Date of the vote, YYYY-MM-DD' })
  date!: string;
}

@ObjectType('CommuneSettings', { description: 'The commune\'s own facts the legal rules need (public; admins edit them)' })
export class CommuneSettings {
  @Field(() => String, { nullable: true, description: 'Name of the commune, e.g. "Anor"' })
  name!: string | null;

  @Field(() => String, { nullable: true, description: 'INSEE code (code officiel géographique, not the postcode), e.g. "59012"' })
  inseeCode!: string | null;

  @Field(() => Int, { nullable: true, description: 'Municipal population; paper or posting may be chosen only under 3,500' })
  population!: number | null;

  @Field(() => PublicationMode, { description: 'How acts are published now; each legal notice records the mode in force when it was published' })
  publicationMode!: PublicationMode;

  @Field(() => CouncilDecision, { nullable: true, description: 'The council vote that chose paper or posting (null when electronic)' })
  publicationDecision!: CouncilDecision | null;

  @Field({ description: 'True while these are the demo values: the commune must enter its own' })
  demoValues!: boolean;

  @Field(() => Int, { description: 'Send it back with every change: a stale version is refused with CONFLICT' })
  version!: number;

  @Field()
  updatedAt!: Date;
}

/** The council decision in force, or null when electronic. */
export function councilDecisionOf(entity: Pick<CommuneSettingsEntity, 'publicationMode' | 'publicationDecisionReference' | 'publicationDecisionDate'>): CouncilDecision | null {
  if (entity.publicationMode === PublicationMode.ELECTRONIC || !entity.publicationDecisionReference || !entity.publicationDecisionDate) return null;
  return { reference: entity.publicationDecisionReference, date: entity.publicationDecisionDate };
}

/** Entity → API shape, for GraphQL and REST. */
export function toCommuneSettings(entity: CommuneSettingsEntity): CommuneSettings {
  return {
    name: entity.name,
    inseeCode: entity.inseeCode,
    population: entity.population,
    publicationMode: entity.publicationMode,
    publicationDecision: councilDecisionOf(entity),
    demoValues: entity.demoValues,
    version: entity.version,
    updatedAt: entity.updatedAt,
  };
}
