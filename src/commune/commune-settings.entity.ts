import { Check, Column, Entity, PrimaryColumn } from 'typeorm';
import { PublicationMode } from './publication-mode';

/** The id of the one settings row: Parvis serves one commune. */
export const COMMUNE_SETTINGS_ID = 1;

/**
 * The commune's own facts the legal rules need (DOMAIN.md): one row, created empty by its migration,
 * edited by admins (`settings:manage`). Not content: no channels, no publication; every change bumps
 * `version` (a stale version is refused) and is in the audit trail.
 */
@Entity('commune_settings')
@Check('ck_commune_settings_single_row', '"id" = 1')
@Check('ck_commune_settings_insee_code', `"insee_code" ~ '^(0[1-9]|1[0-9]|2[1-9AB]|[3-8][0-9]|9[0-8])[0-9]{3}$'`)
@Check('ck_commune_settings_population', '"population" >= 0')
@Check('ck_commune_settings_publication_mode',
  `"publication_mode" = 'electronic' OR ("population" < 3500 AND "publication_decision_reference" IS NOT NULL AND "publication_decision_date" IS NOT NULL)`)
export class CommuneSettingsEntity {
  @PrimaryColumn({ type: 'smallint' })
  id!: number;

  /** e.g. `Anor`; null until entered. */
  @Column({ type: 'text', nullable: true })
  name!: string | null;

  /** Code officiel géographique, e.g. `59012` (not the postcode). */
  @Column({ type: 'text', nullable: true })
  inseeCode!: string | null;

  /** Municipal population (populations légales, INSEE). */
  @Column({ type: 'integer', nullable: true })
  population!: number | null;

  @Column({ type: 'enum', enum: PublicationMode, enumName: 'legal_publication_mode', default: PublicationMode.ELECTRONIC })
  publicationMode!: PublicationMode;

  /** The council deliberation that chose paper or posting, e.g. `Délibération n° 2022-031`. */
  @Column({ type: 'text', nullable: true })
  publicationDecisionReference!: string | null;

  /** Its date, YYYY-MM-DD. */
  @Column({ type: 'date', nullable: true })
  publicationDecisionDate!: string | null;

  /** True while the values are the demo seed's: the commune must enter its own (cleared by the first edit). */
  @Column({ type: 'boolean', default: false })
  demoValues!: boolean;

  @Column({ type: 'integer', default: 1 })
  version!: number;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;

  @Column({ type: 'uuid', nullable: true })
  updatedById!: string | null;
}
