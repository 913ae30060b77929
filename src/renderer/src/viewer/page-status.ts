// The status.json the share server puts in the viewer page (shared/page-status.ts), read as leniently
// as the fetched one: null when the page has none or it is not a status we understand.
import { PAGE_STATUS_ID, readPageStatusText } from '../../../shared/page-status';
import { parseStatus, type RecordingStatus } from './status';

export function pageStatus(doc: Document): RecordingStatus | null {
  const json = readPageStatusText(doc.getElementById(PAGE_STATUS_ID)?.textContent);
  return json === undefined ? null : parseStatus(json);
}
