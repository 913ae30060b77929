// The list renders what viewers wrote as text: a tiny element fake records textContent and refuses
// innerHTML, so any markup path would fail the test.
import { describe, expect, it } from 'vitest';
import type { CommentItem } from '../../../shared/comments';
import { commentRow, type ElementMaker } from './comment-row';

class FakeElement {
  className = '';
  type = '';
  textContent: string | null = null;
  readonly children: FakeElement[] = [];
  readonly attributes = new Map<string, string>();
  readonly listeners = new Map<string, () => void>();
  constructor(readonly tagName: string) {}
  set innerHTML(_: string) {
    throw new Error('innerHTML used');
  }
  setAttribute(name: string, value: string): void {
    this.attributes.set(name, value);
  }
  addEventListener(type: string, listener: () => void): void {
    this.listeners.set(type, listener);
  }
  append(...children: FakeElement[]): void {
    this.children.push(...children);
  }
  insertAdjacentHTML(): void {
    throw new Error('insertAdjacentHTML used');
  }
}

const fakeDoc = { createElement: (tag: string) => new FakeElement(tag) } as unknown as ElementMaker;

const html = '<img src=x onerror="alert(1)"><b>bold</b>';
const item: CommentItem = { id: 'c1', kind: 'comment', atSec: 65.4, body: html, author: { kind: 'guest', name: '<i>Mallory</i>' }, createdAt: 1 };

describe('commentRow', () => {
  it('HTML in a comment and in a name is shown as text', () => {
    const row = commentRow(fakeDoc, item, () => undefined) as unknown as FakeElement;
    const [time, author, body] = row.children;
    expect(time!.textContent).toBe('1:05');
    expect(author!.textContent).toBe('<i>Mallory</i> (guest)');
    expect(body!.textContent).toBe(html);
    expect(row.children.every((c) => c.children.length === 0)).toBe(true);
  });

  it('a click on its time seeks there', () => {
    const seeks: number[] = [];
    const row = commentRow(fakeDoc, { ...item, author: { kind: 'member', name: 'carol' } }, (t) => seeks.push(t)) as unknown as FakeElement;
    row.children[0]!.listeners.get('click')!();
    expect(seeks).toEqual([65.4]);
    expect(row.children[1]!.textContent).toBe('carol');
    expect(row.children[0]!.attributes.get('aria-label')).toMatch(/^Go to /);
  });
});
