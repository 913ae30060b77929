// Every schema change, in order. Add a file per migration and list it here; never edit one that shipped.
import { core001 } from './001-core';
import { backfill002 } from './002-backfill';
import { uploadLanes003 } from './003-upload-lanes';
import { accounts004 } from './004-accounts';
import { insights005 } from './005-insights';
import { comments006 } from './006-comments';
import { libraryAtScale007 } from './007-library-at-scale';
import { captionsChapters008 } from './008-captions-chapters';
import { insightReads010 } from './010-insight-reads';
import { fedRemotely011 } from './011-fed-remotely';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [core001, backfill002, uploadLanes003, accounts004, insights005, comments006, libraryAtScale007, captionsChapters008, insightReads010, fedRemotely011];
