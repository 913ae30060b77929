// Every schema change, in order. Add a file per migration and list it here; never edit one that shipped.
import { core001 } from './001-core';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [core001];
