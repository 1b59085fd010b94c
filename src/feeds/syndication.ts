import { Feed } from 'feed';

/**
 * RSS 2.0 and Atom 1.0, made with the `feed` package. Pure: no clock — the feed's own date is its
 * newest item's, so the same items always give the same bytes (and ETag).
 */

export interface SyndicationItem {
  title: string;
  /** Stable identity (RSS guid, Atom id): `urn:uuid:<content id>`. */
  id: string;
  link: string;
  /** RSS pubDate / Atom updated. */
  date: Date;
  description?: string;
  categories?: string[];
  enclosure?: { url: string; length: number; type: string };
}

export interface SyndicationMeta {
  title: string;
  description: string;
  /** Absolute address of the site or list the feed follows. */
  link: string;
  /** Absolute address of this feed. */
  self: string;
}

export type SyndicationFormat = 'rss' | 'atom';

export const SYNDICATION_CONTENT_TYPES: Record<SyndicationFormat, string> = {
  rss: 'application/rss+xml; charset=utf-8',
  atom: 'application/atom+xml; charset=utf-8',
};

/** When a feed has no item, its date: a fixed instant rather than "now", for a stable ETag. */
const EMPTY_FEED_DATE = new Date(0);

export function syndicationFeed(format: SyndicationFormat, meta: SyndicationMeta, items: readonly SyndicationItem[]): string {
  const updated = items.reduce((newest, item) => (item.date > newest ? item.date : newest), EMPTY_FEED_DATE);
  const feed = new Feed({
    id: meta.self,
    title: meta.title,
    description: meta.description,
    link: meta.link,
    language: 'fr',
    updated,
    generator: 'Parvis',
    copyright: '',
    feedLinks: { [format]: meta.self },
  });
  for (const item of items) {
    feed.addItem({
      title: item.title,
      id: item.id,
      guid: item.id,
      link: item.link,
      date: item.date,
      description: item.description,
      category: item.categories?.map((name) => ({ name })),
      enclosure: item.enclosure,
    });
  }
  return format === 'rss' ? feed.rss2() : feed.atom1();
}
