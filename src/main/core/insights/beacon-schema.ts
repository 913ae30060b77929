// What a beacon may say, checked at the share server's door: the shape (unknown fields refused), the
// ids' form and the number and order of played ranges. Plausibility against the recording and the
// clock is the service's job.
import { z } from 'zod';
import { BEACON, type InsightsBeacon } from '../../../shared/insights';

/** no recording is longer than a week */
const MAX_SECOND = 7 * 24 * 3600;
const second = z.number().finite().min(0).max(MAX_SECOND);

export const beaconSchema = z
  .object({
    viewer: z.string().regex(BEACON.idPattern),
    session: z.string().regex(BEACON.idPattern),
    played: z
      .array(z.tuple([second, second]).refine(([a, b]) => b > a, 'a range ends after it starts'))
      .min(1)
      .max(BEACON.maxRanges),
  })
  .strict() satisfies z.ZodType<InsightsBeacon>;
