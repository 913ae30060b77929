// The published layout of a recording: every file name a viewer may fetch under the link
// (published-names.ts, apart so the viewer's first script needs no zod), and the schema of status.json.
// The core writes these files, the backfill makes some of them, the viewer reads them: all three take
// the names and the schema from here.
// zod/mini: the viewer bundles this schema, and the mini build adds little to it
import * as z from 'zod/mini';

export * from './published-names';

export const STATUS_RECORDING_STATES = ['recording', 'paused', 'finishing', 'ready', 'interrupted'] as const;
export const STATUS_BACKFILL_STATES = ['none', 'queued', 'running', 'done', 'failed', 'cancelled'] as const;

/** status.json as the core writes it */
export const statusSchema = z.object({
  title: z.string(),
  state: z.enum(['created', ...STATUS_RECORDING_STATES, 'cancelled']),
  durationMs: z.number().check(z.nonnegative()),
  createdAt: z.number(),
  width: z.nullable(z.int()),
  height: z.nullable(z.int()),
  backfill: z.enum(STATUS_BACKFILL_STATES),
  poster: z.boolean(),
  thumbnails: z.boolean(),
  download: z.boolean(),
});
export type PublishedStatus = z.infer<typeof statusSchema>;
export type StatusBackfill = PublishedStatus['backfill'];
