// The Keyboard shortcuts overlay: opened and closed with ?, closed with Escape or its Close button.
// Its rows come from keyboard.ts's SHORTCUT_HELP, the list the tests hold to what the keys do.
import type { ViewerElements } from '../dom';
import { SHORTCUT_HELP } from '../keyboard';

export class ShortcutsOverlayController {
  private readonly abort = new AbortController();
  private returnFocus: Element | null = null;

  constructor(private readonly el: ViewerElements) {
    const { signal } = this.abort;
    el.shortcutsList.replaceChildren(
      ...SHORTCUT_HELP.map((row) => {
        const item = document.createElement('div');
        const keys = document.createElement('dt');
        for (const key of row.keys) {
          const kbd = document.createElement('kbd');
          kbd.textContent = key;
          keys.append(kbd);
        }
        const does = document.createElement('dd');
        does.textContent = row.does;
        item.append(keys, does);
        return item;
      }),
    );
    el.shortcutsClose.addEventListener('click', () => this.close(), { signal });
    document.addEventListener(
      'keydown',
      (event) => {
        if (event.key !== 'Escape' || el.shortcuts.hidden) return;
        event.preventDefault();
        this.close();
      },
      { signal },
    );
  }

  get open(): boolean {
    return !this.el.shortcuts.hidden;
  }

  toggle(): void {
    if (this.open) this.close();
    else this.show();
  }

  destroy(): void {
    this.abort.abort();
  }

  private show(): void {
    this.returnFocus = document.activeElement;
    this.el.shortcuts.hidden = false;
    this.el.shortcutsClose.focus();
  }

  private close(): void {
    this.el.shortcuts.hidden = true;
    if (this.returnFocus instanceof HTMLElement) this.returnFocus.focus();
    this.returnFocus = null;
  }
}
