// status.json carried in the viewer page itself, so the page shows the poster, title and badges at once
// instead of after a round trip. The share server writes it (only into a page it serves, i.e. to someone
// who may read status.json) and the viewer reads it; a page without it (a bucket's) polls as before.
// Inline JSON is data, not script: `<script type="application/json">` runs nothing under any CSP, and
// `<`, `>` and `&` are written as \u escapes so no title can close the element or open a comment.

/** the id of the element holding the JSON */
export const PAGE_STATUS_ID = 'reelay-status';

/** JSON that is safe as the text of a <script> element (same value when parsed) */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** the element that carries `status` in a page */
export function pageStatusElement(status: unknown): string {
  return `<script type="application/json" id="${PAGE_STATUS_ID}">${scriptSafeJson(status)}</script>`;
}

/** the JSON text of that element as read back; undefined when it is missing or not JSON */
export function readPageStatusText(text: string | null | undefined): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
