// One comment in the viewer's list. Everything a viewer wrote goes in as text (textContent), never
// as markup: a comment that looks like HTML is shown as those characters.
import type { CommentItem } from '../../../shared/comments';
import { formatTime, spokenTime } from './time';

/** the part of a document this needs (a test passes a small fake) */
export type ElementMaker = Pick<Document, 'createElement'>;

export function commentRow(doc: ElementMaker, item: CommentItem, onSeek: (atSec: number) => void): HTMLElement {
  const row = doc.createElement('li');
  row.className = 'comment';
  const time = doc.createElement('button');
  time.type = 'button';
  time.className = 'comment-time';
  time.textContent = formatTime(item.atSec);
  time.setAttribute('aria-label', `Go to ${spokenTime(item.atSec)}`);
  time.addEventListener('click', () => onSeek(item.atSec));
  const author = doc.createElement('span');
  author.className = `comment-author comment-author-${item.author.kind}`;
  author.textContent = item.author.kind === 'guest' ? `${item.author.name} (guest)` : item.author.name;
  const body = doc.createElement('p');
  body.className = 'comment-body';
  body.textContent = item.body;
  row.append(time, author, body);
  return row;
}
