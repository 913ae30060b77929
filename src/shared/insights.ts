// Insights of a link a Reelay server serves: what the viewer page reports (a beacon) and what the
// library shows (Insights). Types and limits only: the viewer bundle imports this, so no zod here
// (the server's schema, src/main/core/insights/beacon-schema.ts, is checked against these types).

/** a viewing counts once this much of the recording was played in one playback session */
export const VIEW_MIN_SEC = 5;
/** a viewer's views closer together than this count once */
export const VIEW_DEDUPE_MS = 30 * 60_000;

export const BEACON = {
  /** the endpoint under the link: POST <link>/insights */
  path: 'insights',
  /** bytes of one beacon's body */
  maxBytes: 2048,
  /** played ranges in one beacon (the viewer merges the closest ones past this) */
  maxRanges: 40,
  /** random ids the viewer makes: 22 base64url characters (132 bits) */
  idPattern: /^[A-Za-z0-9_-]{22}$/,
  /** the page served by a Reelay server carries this meta tag; a page served by a bucket does not */
  metaName: 'reelay-insights',
} as const;

/**
 * What the viewer page sends, every few seconds while playing and when it is left: the played ranges
 * (seconds of the recording) of this playback session so far. The same ranges sent twice change
 * nothing, so a lost or repeated beacon is harmless.
 */
export interface InsightsBeacon {
  /** kept in the browser's localStorage: the same viewer across visits */
  viewer: string;
  /** new at each page load */
  session: string;
  /** [start, end) pairs in seconds, end > start */
  played: [number, number][];
}

export interface SignedInViewer {
  accountId: string;
  /** the account's email: accounts have no other name */
  name: string;
  views: number;
  lastViewedAt: number;
}

export type Insights =
  | {
      available: true;
      /** sessions that played >= VIEW_MIN_SEC, once per viewer per VIEW_DEDUPE_MS */
      views: number;
      /** distinct viewers with at least one view (an account, or a browser for anonymous viewers) */
      uniqueViewers: number;
      /** seconds played, every session counted */
      watchTimeSec: number;
      /** mean share of the recording played, over the sessions that played >= VIEW_MIN_SEC; null without any */
      averageCompletion: number | null;
      /** the recording's length the figures use */
      durationSec: number;
      /** retention[t]: share of those sessions that played (at least half of) second t; seeking can make it rise again */
      retention: number[];
      signedIn: SignedInViewer[];
      /** distinct anonymous viewers with a view */
      anonymous: number;
    }
  | { available: false; reason: string };

export const INSIGHTS_NEED_SERVER = 'Insights need a Reelay Server';
