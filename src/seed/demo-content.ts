import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { seedDemoAssociations } from '../associations/associations.demo';
import { AssociationsService } from '../associations/associations.service';
import { RequestContext } from '../common/request-context';
import { seedDemoCommune } from '../commune/commune.demo';
import { CommuneService } from '../commune/commune.service';
import { slugify } from '../content/slug';
import { ContentJournalEntry } from '../content/content-journal.entity';
import { seedDemoEvents } from '../events/events.demo';
import { EventsService } from '../events/events.service';
import { seedDemoLegalNotices } from '../legal-notices/legal-notices.demo';
import { LegalNoticesService } from '../legal-notices/legal-notices.service';
import { MediaKind } from '../media/media-kind';
import { MediaEntity } from '../media/media.entity';
import { seedDemoMedia } from '../media/media.demo';
import { MediaUploads } from '../media/media-upload.service';
import { PageEntity } from '../pages/page.entity';
import { DEMO_PAGES, DemoPage, demoPageMedia } from '../pages/pages.demo';
import { PagesService } from '../pages/pages.service';
import { seedDemoProcedures } from '../procedures/procedures.demo';
import { ProceduresService } from '../procedures/procedures.service';
import { DEMO_TERMS } from '../taxonomy/taxonomy.demo';
import { TaxonomyService } from '../taxonomy/taxonomy.service';
import { Vocabulary } from '../taxonomy/vocabulary';

/** The nil UUID stands for "the system" (seed, maintenance) in journals and `createdBy`. */
export const SYSTEM_USER_ID = '00000000-0000-0000-0000-000000000000';

const SYSTEM = RequestContext.system({ userId: SYSTEM_USER_ID, role: 'admin', sessionId: SYSTEM_USER_ID });

/**
 * Loads the demo commune through the same services as the API (so the journal and every rule
 * apply). Idempotent: an item that already exists at its path is left as staff may have edited it.
 */
@Injectable()
export class DemoContentSeeder {
  private readonly logger = new Logger('Seed');

  constructor(
    private readonly dataSource: DataSource,
    private readonly pages: PagesService,
    private readonly taxonomy: TaxonomyService,
    private readonly associations: AssociationsService,
    private readonly legalNotices: LegalNoticesService,
    private readonly procedures: ProceduresService,
    private readonly events: EventsService,
    private readonly media: MediaUploads,
    private readonly commune: CommuneService,
  ) {}

  /** Seeds a database that has never held content (an empty change journal). */
  async seedIfEmpty(): Promise<boolean> {
    const existing = await this.dataSource.getRepository(ContentJournalEntry).count();
    if (existing > 0) return false;
    await this.seed();
    return true;
  }

  async seed(): Promise<{ created: number }> {
    // The commune settings first: the legal notices record the publication mode in force.
    let created = await seedDemoCommune(SYSTEM, this.commune);
    created += await this.seedTerms();
    const visit = async (items: DemoPage[], parent: PageEntity | null): Promise<void> => {
      for (const demo of items) {
        const slug = demo.slug ?? slugify(demo.title);
        const path = `${parent?.path ?? ''}/${slug}`;
        let page = await this.pages.findOne(SYSTEM, { path });
        if (!page) {
          const draft = await this.pages.create(SYSTEM, {
            title: demo.title, slug, parentId: parent?.id ?? null, kioskTitle: demo.kioskTitle, summary: demo.summary,
            body: demo.body, externalUrl: demo.externalUrl, channels: demo.channels, ...(await demoPageMedia(SYSTEM, this.media, demo)),
          });
          page = await this.pages.publish(SYSTEM, draft);
          created++;
        }
        await visit(demo.children ?? [], page);
      }
    };
    await visit(DEMO_PAGES, null);
    // Before the content that shows pictures or attaches acts.
    created += await seedDemoMedia(SYSTEM, this.media);
    const pictureId = async (fileName: string): Promise<string | null> => (await this.dataSource.getRepository(MediaEntity)
      .findOne({ select: { id: true }, where: { fileName, kind: MediaKind.IMAGE }, order: { createdAt: 'ASC' } }))?.id ?? null;
    created += await seedDemoAssociations(SYSTEM, this.associations, this.taxonomy, pictureId);
    created += await seedDemoLegalNotices(this.legalNotices, this.media, SYSTEM);
    created += await seedDemoProcedures(SYSTEM, this.procedures, this.taxonomy, this.media);
    // After the associations: the demo events' organisers are looked up among them.
    created += await seedDemoEvents(SYSTEM, this.events, this.taxonomy, undefined, pictureId);
    this.logger.log(`Demo content: ${created} item(s) created`);
    return { created };
  }

  private async seedTerms(): Promise<number> {
    let created = 0;
    for (const [vocabulary, labels] of Object.entries(DEMO_TERMS) as [Vocabulary, string[]][]) {
      for (const [position, label] of labels.entries()) {
        if (await this.taxonomy.findBySlug(vocabulary, slugify(label))) continue;
        await this.taxonomy.create(SYSTEM, vocabulary, { label, position });
        created++;
      }
    }
    return created;
  }
}
