// The embed page of a link (`<link>/embed`): the player with minimal chrome, the one page of a link
// that other sites may frame. The server marks it with a meta tag; the viewer reads it.
export const EMBED = {
  /** under the link: `<link>/embed` */
  path: 'embed',
  metaName: 'reelay:embed',
} as const;
