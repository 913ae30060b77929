// Copy embed code: the iframe of a link's embed page, for links a Reelay server serves (a bucket's
// copy has no embed page) that anyone may watch (a framed page gets no member's cookie, and no
// password form may be framed).
import type { Recording } from '../../../../shared/domain';
import { embedIframe, embedSize, hasEmbedPage } from '../../../../shared/embed';

export function embedCode(rec: Pick<Recording, 'link' | 'title' | 'width' | 'height' | 'access' | 'copies'>, title: string): string | null {
  if (!rec.copies.published || rec.access.watch !== 'anyone' || !hasEmbedPage(rec.link)) return null;
  return embedIframe({ link: rec.link, title, ...embedSize(rec) });
}
