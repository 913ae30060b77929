// The viewer's comments: the list beside the player (a click seeks there), the form (Comment, and
// Your name for guests), the reaction buttons, and the marks on the seek bar. It reads
// <link>/comments every COMMENTS.pollMs; only a page whose server names the endpoint (the
// reelay-comments meta tag) has comments. Decisions are in comment-marks.ts and comment-post.ts.
import './comments.css';
import { COMMENTS, REACTIONS, type CommentItem, type CommentPost, type LinkComments, type Posting, type Reaction } from '../../../shared/comments';
import { clampSeek, knownDuration } from './buffered';
import { commentRow } from './comment-row';
import { commentDraft, refusal, roundTime } from './comment-post';
import { listedComments, reactionCounts, seekMarks } from './comment-marks';

const NAME_KEY = 'reelay.comments.name';

/** the endpoint the page names, or null (a page served by a bucket) */
export function commentsEndpoint(doc: Document, link: string): string | null {
  const meta = doc.querySelector<HTMLMetaElement>(`meta[name="${COMMENTS.metaName}"]`);
  return meta?.content === COMMENTS.path ? `${link}/${COMMENTS.path}` : null;
}

function make<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

export class CommentsPanel {
  private readonly abort = new AbortController();
  private readonly root = make('section', 'comments');
  private readonly list = make('ol', 'comments-list');
  private readonly empty = make('p', 'comments-empty', 'No comments yet.');
  private readonly form = make('form', 'comments-form');
  private readonly who = make('p', 'comments-who');
  private readonly nameField = make('label', 'comments-name');
  private readonly nameInput = make('input', '');
  private readonly text = make('textarea', 'comments-text');
  private readonly submit = make('button', 'comments-submit', 'Post comment');
  private readonly status = make('p', 'comments-status');
  private readonly reactions = make('div', 'comments-reactions');
  private readonly reactionButtons = new Map<Reaction, HTMLButtonElement>();
  private readonly marks = make('div', 'seek-marks');
  private items: CommentItem[] = [];
  private posting: Posting = { as: null, reason: '' };
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(
    private readonly video: HTMLVideoElement,
    private readonly endpoint: string,
    where: { stage: HTMLElement; seek: HTMLElement },
  ) {
    this.build();
    where.stage.append(this.root);
    where.stage.classList.add('with-comments');
    where.seek.insertBefore(this.marks, where.seek.querySelector('.seek-input'));
    const signal = this.abort.signal;
    video.addEventListener('durationchange', () => this.renderMarks(), { signal });
    video.addEventListener('loadedmetadata', () => this.renderMarks(), { signal });
    // a hidden tab does not ask; it catches up when it is shown again
    document.addEventListener('visibilitychange', () => document.visibilityState === 'visible' && void this.load(), { signal });
    void this.load();
    this.timer = setInterval(() => document.visibilityState !== 'hidden' && void this.load(), COMMENTS.pollMs);
  }

  destroy(): void {
    this.abort.abort();
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    this.root.remove();
    this.marks.remove();
  }

  private build(): void {
    const { signal } = this.abort;
    const heading = make('h2', 'comments-heading', 'Comments');
    this.root.setAttribute('aria-label', 'Comments');
    this.list.setAttribute('aria-label', 'Comments');
    this.marks.setAttribute('aria-hidden', 'true');

    for (const reaction of REACTIONS) {
      const button = make('button', 'comments-reaction');
      button.type = 'button';
      button.title = `React with ${reaction} at this moment`;
      button.addEventListener('click', () => void this.send({ kind: 'reaction', atSec: roundTime(this.video.currentTime), body: reaction, ...this.guestName() }), { signal });
      this.reactionButtons.set(reaction, button);
      this.reactions.append(button);
    }
    this.reactions.setAttribute('aria-label', 'Reactions');

    this.nameInput.type = 'text';
    this.nameInput.maxLength = COMMENTS.maxNameChars;
    this.nameInput.autocomplete = 'name';
    this.nameInput.value = savedName();
    this.nameField.append(make('span', '', 'Your name'), this.nameInput);
    const textLabel = make('label', 'comments-text-label');
    this.text.maxLength = COMMENTS.maxChars;
    this.text.rows = 3;
    this.text.placeholder = 'Add a comment at the current time';
    textLabel.append(make('span', '', 'Comment'), this.text);
    this.submit.type = 'submit';
    this.status.setAttribute('role', 'status');
    this.form.append(this.who, this.nameField, textLabel, this.submit);
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.postComment();
    }, { signal });

    this.root.append(heading, this.reactions, this.form, this.status, this.empty, this.list);
  }

  private guestName(): { name?: string } {
    return this.posting.as === 'guest' ? { name: this.nameInput.value.trim() } : {};
  }

  private async postComment(): Promise<void> {
    const draft = commentDraft(this.posting, this.video.currentTime, this.text.value, this.nameInput.value);
    if (!draft.ok) return this.say(draft.problem);
    if (await this.send(draft.post)) {
      this.text.value = '';
      if (draft.post.name) rememberName(draft.post.name);
    }
  }

  /** posts one comment or reaction; true when the server kept it */
  private async send(post: CommentPost): Promise<boolean> {
    if (this.posting.as === null) {
      this.say(this.posting.reason);
      return false;
    }
    if (post.kind === 'reaction' && this.posting.as === 'guest' && !post.name) {
      this.say('Give your name to react.');
      this.nameInput.focus();
      return false;
    }
    this.submit.disabled = true;
    try {
      const res = await fetch(this.endpoint, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(post) });
      const json = (await res.json().catch(() => ({}))) as { value?: CommentItem; error?: { message?: string } };
      if (res.status === 201 && json.value) {
        this.items = [...this.items.filter((i) => i.id !== json.value!.id), json.value];
        this.say('');
        this.render();
        return true;
      }
      this.say(refusal(res.status, json.error?.message, res.headers.has('retry-after') ? Number(res.headers.get('retry-after')) : null));
      return false;
    } catch {
      this.say('Could not reach the server. Try again.');
      return false;
    } finally {
      this.submit.disabled = false;
    }
  }

  private async load(): Promise<void> {
    try {
      const res = await fetch(this.endpoint, { headers: { accept: 'application/json' }, cache: 'no-store' });
      if (!res.ok) return;
      const json = (await res.json()) as { value?: LinkComments };
      if (!json.value) return;
      this.items = json.value.items;
      this.posting = json.value.posting;
      this.render();
    } catch {
      // offline for a moment: the next poll tries again
    }
  }

  private render(): void {
    const comments = listedComments(this.items);
    this.list.replaceChildren(...comments.map((item) => commentRow(document, item, (at) => this.seek(at))));
    this.empty.hidden = comments.length > 0;
    const counts = reactionCounts(this.items);
    for (const [reaction, button] of this.reactionButtons) button.textContent = counts[reaction] > 0 ? `${reaction} ${counts[reaction]}` : reaction;
    const p = this.posting;
    this.form.hidden = p.as === null;
    for (const button of this.reactionButtons.values()) button.disabled = p.as === null;
    this.nameField.hidden = p.as !== 'guest';
    this.who.textContent = p.as === 'member' ? `Commenting as ${p.name}` : '';
    if (p.as === null && p.reason) this.say(p.reason);
    this.renderMarks();
  }

  private renderMarks(): void {
    const marks = seekMarks(this.items, knownDuration(this.video.duration));
    this.marks.replaceChildren(
      ...marks.map((m) => {
        const mark = make('span', `seek-mark seek-mark-${m.kind}`, m.kind === 'reaction' ? m.label : undefined);
        mark.style.left = `${m.leftPercent}%`;
        mark.title = m.kind === 'comment' ? m.label : `${m.label} ×${m.count}`;
        return mark;
      }),
    );
  }

  private seek(atSec: number): void {
    this.video.currentTime = clampSeek(atSec, knownDuration(this.video.duration));
  }

  private say(text: string): void {
    this.status.textContent = text;
  }
}

function savedName(): string {
  try {
    return localStorage.getItem(NAME_KEY) ?? '';
  } catch {
    return '';
  }
}

function rememberName(name: string): void {
  try {
    localStorage.setItem(NAME_KEY, name);
  } catch {
    // private browsing: asked again next time
  }
}
