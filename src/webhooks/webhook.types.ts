import { registerEnumType } from '@nestjs/graphql';

/** What an endpoint can subscribe to: how a change looks from outside, where only published content exists. */
export enum WebhookEvent {
  /** An item became visible: published, or brought back (undeleted, restored) as published. */
  PUBLISHED = 'published',
  /** A visible item changed and stays visible. */
  UPDATED = 'updated',
  /** A visible item was unpublished or withdrawn. */
  UNPUBLISHED = 'unpublished',
  /** A visible item was deleted. */
  DELETED = 'deleted',
}
registerEnumType(WebhookEvent, { name: 'WebhookEvent', description: 'A change as an integrator sees it (only published content is visible)' });

export enum WebhookDeliveryStatus {
  /** Waiting for its first attempt or for a retry. */
  PENDING = 'pending',
  /** The endpoint answered 2xx. */
  DELIVERED = 'delivered',
  /** Every retry failed for the whole retry period; an admin may replay it. */
  FAILED = 'failed',
}
registerEnumType(WebhookDeliveryStatus, { name: 'WebhookDeliveryStatus' });

/**
 * Whether an item is visible to the public, as the change journal records it after a change (or, for
 * older rows, its revision shows it): `published` means published and everything its type requires
 * besides (a page: every ancestor published); `deleted` tells a deletion from an unpublication.
 */
export interface Visibility {
  published: boolean;
  deleted: boolean;
}

/**
 * Pure: the event a change means to an integrator, from the item's visibility before and after it; none
 * for changes of items the public cannot see (drafts, a published page under a draft parent: an
 * integrator never sees them, and must not learn of them). A change of visibility through another item
 * (operation `visibility`: a page's parent published) is an event like the item's own.
 */
export function webhookEventFor(before: Visibility | null, after: Visibility): WebhookEvent | null {
  const wasVisible = before !== null && before.published && !before.deleted;
  const isVisible = after.published && !after.deleted;
  if (!wasVisible && isVisible) return WebhookEvent.PUBLISHED;
  if (wasVisible && isVisible) return WebhookEvent.UPDATED;
  if (wasVisible && !isVisible) return after.deleted ? WebhookEvent.DELETED : WebhookEvent.UNPUBLISHED;
  return null;
}

/**
 * The retry schedule: the delay before attempt `attempt + 1` after `attempt` failures. Exponential from
 * `baseMs`, doubled each time and capped at six hours; with the 30 s default that is 30 s, 1 min, 2 min…
 * 4 h 16 min, then every 6 h, so the attempts of a day fit in about 15.
 */
export function retryDelayMs(failedAttempts: number, baseMs: number): number {
  const sixHours = 6 * 3600_000;
  return Math.min(sixHours, baseMs * 2 ** Math.max(0, Math.min(failedAttempts - 1, 30)));
}
