import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditEventKind } from '../audit/audit-event.entity';
import { AuditTrail } from '../audit/audit-trail.service';
import { requirePermission } from '../auth/permissions';
import { translateConstraintError } from '../common/database-errors';
import { conflict, invalidFields } from '../common/errors';
import { RequestContext } from '../common/request-context';
import { publicationModeViolations } from './commune-rules';
import { COMMUNE_SETTINGS_ID, CommuneSettingsEntity } from './commune-settings.entity';
import { UpdateCommuneSettingsInput } from './dto/commune-settings.input';
import { PublicationMode } from './publication-mode';

const CONSTRAINT_MESSAGES: Record<string, string> = {
  ck_commune_settings_insee_code: 'inseeCode must be an INSEE commune code, e.g. "59012"',
  ck_commune_settings_publication_mode: 'Paper or posting may be chosen only under 3,500 inhabitants, with the council decision\'s reference and date',
};

/** What the legal notices record at publication: the mode in force and, for paper or posting, the council vote. */
export interface PublicationModeInForce {
  mode: PublicationMode;
  decisionReference: string | null;
  decisionDate: string | null;
}

/** The settings row as the migration creates it: nothing entered yet, electronic publication. */
function emptySettings(): CommuneSettingsEntity {
  return Object.assign(new CommuneSettingsEntity(), {
    id: COMMUNE_SETTINGS_ID, name: null, inseeCode: null, population: null, publicationMode: PublicationMode.ELECTRONIC,
    publicationDecisionReference: null, publicationDecisionDate: null, demoValues: false, version: 1, updatedAt: new Date(0), updatedById: null,
  });
}

/**
 * The commune's settings: read by anyone (they are public facts), changed by admins
 * (`settings:manage`) under a row lock with a version check, each change in the audit trail.
 */
@Injectable()
export class CommuneService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditTrail,
  ) {}

  /** The current settings (public). */
  async read(): Promise<CommuneSettingsEntity> {
    return (await this.dataSource.getRepository(CommuneSettingsEntity).findOne({ where: { id: COMMUNE_SETTINGS_ID } })) ?? emptySettings();
  }

  /**
   * The publication mode in force, read in the caller's transaction under a share lock: a settings
   * change waits for the publication to commit (or the publication for the change), so a notice
   * always records the mode that was in force when it went online.
   */
  async publicationModeInForce(manager: EntityManager): Promise<PublicationModeInForce> {
    const settings = await manager.getRepository(CommuneSettingsEntity).createQueryBuilder('settings')
      .setLock('pessimistic_read').where('settings.id = :id', { id: COMMUNE_SETTINGS_ID }).getOne() ?? emptySettings();
    const electronic = settings.publicationMode === PublicationMode.ELECTRONIC;
    return {
      mode: settings.publicationMode,
      decisionReference: electronic ? null : settings.publicationDecisionReference,
      decisionDate: electronic ? null : settings.publicationDecisionDate,
    };
  }

  /** Admins: changes the fields given (null clears one) at the version the admin read. */
  update(ctx: RequestContext, version: number, input: UpdateCommuneSettingsInput): Promise<CommuneSettingsEntity> {
    const actor = requirePermission(ctx, 'settings:manage');
    return this.write(async (manager, settings) => {
      if (settings.version !== version) {
        throw conflict(`The commune settings were changed by someone else since you opened them (current version ${settings.version}, yours ${version}); reload them and apply your change again`, settings.version);
      }
      const before = { ...settings };
      applyInput(settings, input);
      settings.demoValues = false;
      settings.version += 1;
      settings.updatedAt = new Date();
      settings.updatedById = actor.userId;
      await manager.getRepository(CommuneSettingsEntity).save(settings);
      await this.audit.record(manager, {
        kind: AuditEventKind.SETTINGS_UPDATE, actorId: actor.userId, apiKeyId: actor.apiKeyId ?? null, subjectType: 'commune', subjectId: null,
        detail: { version: settings.version, changed: changedFields(before, settings) },
      });
      return settings;
    });
  }

  /**
   * The demo's values (seed): only while the settings were never edited, so that a commune's own
   * values are never overwritten. Returns whether they were applied.
   */
  async applyDemoValues(ctx: RequestContext, values: UpdateCommuneSettingsInput): Promise<boolean> {
    requirePermission(ctx, 'settings:manage');
    return this.write(async (manager, settings) => {
      if (settings.version !== 1 || settings.name !== null) return false;
      applyInput(settings, values);
      settings.demoValues = true;
      await manager.getRepository(CommuneSettingsEntity).save(settings);
      return true;
    });
  }

  /** One transaction on the locked row (created if a database lost it), the rules checked before the save. */
  private async write<R>(work: (manager: EntityManager, settings: CommuneSettingsEntity) => Promise<R>): Promise<R> {
    try {
      return await this.dataSource.transaction(async (manager) => {
        await manager.query('INSERT INTO commune_settings (id) VALUES ($1) ON CONFLICT (id) DO NOTHING', [COMMUNE_SETTINGS_ID]);
        const settings = await manager.getRepository(CommuneSettingsEntity).createQueryBuilder('settings')
          .setLock('pessimistic_write').where('settings.id = :id', { id: COMMUNE_SETTINGS_ID }).getOneOrFail();
        return work(manager, settings);
      });
    } catch (error) {
      throw translateConstraintError(error, CONSTRAINT_MESSAGES);
    }
  }
}

/** Applies the input and checks the publication-mode rule on the result (errors point into `input`). */
function applyInput(settings: CommuneSettingsEntity, input: UpdateCommuneSettingsInput): void {
  if (input.name !== undefined) settings.name = input.name?.trim() || null;
  if (input.inseeCode !== undefined) settings.inseeCode = input.inseeCode ?? null;
  if (input.population !== undefined) settings.population = input.population ?? null;
  if (input.publicationMode !== undefined) settings.publicationMode = input.publicationMode;
  if (input.publicationDecisionReference !== undefined) settings.publicationDecisionReference = input.publicationDecisionReference?.trim() || null;
  if (input.publicationDecisionDate !== undefined) settings.publicationDecisionDate = input.publicationDecisionDate ?? null;
  const violations = publicationModeViolations(settings);
  if (violations.length > 0) {
    throw invalidFields(violations.map((violation) => ({ path: `input.${violation.field}`, message: violation.message })), 'settings break the rules of publication');
  }
}

const AUDITED_FIELDS = ['name', 'inseeCode', 'population', 'publicationMode', 'publicationDecisionReference', 'publicationDecisionDate'] as const;

function changedFields(before: CommuneSettingsEntity, after: CommuneSettingsEntity): string[] {
  return AUDITED_FIELDS.filter((field) => before[field] !== after[field]);
}
