import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { RequestContext } from '../common/request-context';
import { EventsService } from '../events/events.service';
import { EventFeedQuery } from './dto/feed.args';
import { FeedLinks, FeedsService, publicContext } from './feeds.service';
import { AGENDA_LIMITS, AgendaEvent, agendaEvent } from './regional-agenda';

interface TimingRow {
  event_id: string;
  starts_at: Date;
  ends_at: Date;
}

/** `/feeds/events.agenda.json`: the listed events in the regional agendas' shape, recurrences expanded. */
@Injectable()
export class RegionalAgendaService {
  constructor(
    private readonly feeds: FeedsService,
    private readonly events: EventsService,
    private readonly dataSource: DataSource,
  ) {}

  async export(ctx: RequestContext, query: EventFeedQuery, links: FeedLinks, now = new Date()): Promise<{ events: AgendaEvent[] }> {
    const listed = await this.feeds.listedEvents(ctx, query, now, now);
    const ids = listed.map(({ event }) => event.id);
    // The dates still to come from the occurrence index, in one statement: cancelled single dates and the
    // dates an event moved away from are left out (an agenda lists when it happens), 800 at most each.
    const rows = ids.length === 0 ? [] : await this.dataSource.query<TimingRow[]>(`
      SELECT event_id, starts_at, ends_at FROM (
        SELECT o.event_id, o.starts_at, o.ends_at, row_number() OVER (PARTITION BY o.event_id ORDER BY o.starts_at) AS n
          FROM event_occurrences o
         WHERE o.event_id = ANY($1::uuid[]) AND o.ends_at >= $2 AND o.moved_to IS NULL AND o.event_status <> 'cancelled'
      ) dated WHERE n <= ${AGENDA_LIMITS.timings} ORDER BY event_id, starts_at`, [ids, now]);
    const timingsOf = new Map<string, Array<{ startsAt: Date; endsAt: Date }>>();
    for (const row of rows) {
      const timings = timingsOf.get(row.event_id) ?? [];
      timings.push({ startsAt: row.starts_at, endsAt: row.ends_at });
      timingsOf.set(row.event_id, timings);
    }
    const publicCtx = publicContext(ctx);
    const events = await Promise.all(listed.map(async ({ event, next }) => {
      const [categories, body] = await Promise.all([this.events.loadCategories(publicCtx, event.id), this.events.loadBody(publicCtx, event.id)]);
      return agendaEvent({
        event,
        timings: timingsOf.get(event.id) ?? [],
        rescheduled: next.rescheduled,
        categories: categories.map((term) => term.label),
        url: links.event(event),
        body: body?.body ?? '',
      });
    }));
    return { events };
  }
}
