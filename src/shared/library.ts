// The library's paged query: what the list can be sorted and filtered by, in the user's words, and
// the page it gets back. Pure: the core's SQL and the library page both take their names from here.
import { z } from 'zod';
import type { Recording } from './domain';

export const LIBRARY_SORTS = ['newest', 'oldest', 'title', 'length', 'views'] as const;
export type LibrarySort = (typeof LIBRARY_SORTS)[number];

/**
 * The states a user filters by. recording: created, recording or paused; uploading: finishing, or
 * files still waiting to be published; hd: its HD versions are queued or being made; failed: its HD
 * versions failed; ready and interrupted: the recording's own state.
 */
export const LIBRARY_FILTERS = ['recording', 'ready', 'hd', 'uploading', 'failed', 'interrupted'] as const;
export type LibraryFilter = (typeof LIBRARY_FILTERS)[number];

export const LIBRARY_PAGE_MAX = 100;

export const libraryPageSchema = z
  .object({
    /** a part of the title, any case */
    query: z.string().trim().max(200).optional(),
    sort: z.enum(LIBRARY_SORTS).default('newest'),
    show: z.enum(LIBRARY_FILTERS).optional(),
    limit: z.number().int().min(1).max(LIBRARY_PAGE_MAX).default(50),
    /** where the page starts: 0, or the `next` of the page before */
    offset: z.number().int().min(0).max(10_000_000).default(0),
  })
  .strict();
export type LibraryPageInput = z.input<typeof libraryPageSchema>;
export type LibraryPageQuery = z.output<typeof libraryPageSchema>;

export interface LibraryPage {
  items: Recording[];
  /** recordings that match the query and filter */
  total: number;
  /** the offset of the next page; null: this was the last */
  next: number | null;
  /** bytes every recording the caller sees takes on this computer (the measured ones) */
  totalBytes: number;
}
