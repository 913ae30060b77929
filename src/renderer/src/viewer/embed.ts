// Is this the embed page (`<link>/embed`, framed by other sites)? The server says so with a meta tag.
import { EMBED } from '../../../shared/embed';

export function isEmbedPage(doc: Pick<Document, 'querySelector'>): boolean {
  return doc.querySelector(`meta[name="${EMBED.metaName}"]`) !== null;
}
