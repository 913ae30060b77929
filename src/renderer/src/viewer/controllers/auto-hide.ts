// Hides the controls while the picture plays and nobody moves the pointer; shows them on any
// pointer movement, touch or focus inside the player.
import type { ViewerElements } from '../dom';
import type { ViewerState } from '../view-state';

const HIDE_CONTROLS_AFTER_MS = 2_500;

export class AutoHideController {
  private readonly abort = new AbortController();
  private hideTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly el: ViewerElements,
    private readonly state: () => ViewerState,
  ) {
    const { signal } = this.abort;
    const player = el.player;
    const wake = () => {
      this.show();
      this.scheduleHide();
    };
    player.addEventListener('pointermove', wake, { signal });
    player.addEventListener('pointerdown', wake, { signal });
    player.addEventListener('focusin', wake, { signal });
    player.addEventListener('pointerleave', () => this.state() === 'playing' && this.hide(), { signal });
  }

  show(): void {
    this.el.player.dataset.controls = 'shown';
  }

  scheduleHide(): void {
    if (this.hideTimer !== null) clearTimeout(this.hideTimer);
    this.hideTimer = setTimeout(() => {
      if (this.state() === 'playing') this.hide();
    }, HIDE_CONTROLS_AFTER_MS);
  }

  destroy(): void {
    this.abort.abort();
    if (this.hideTimer !== null) clearTimeout(this.hideTimer);
    this.hideTimer = null;
  }

  private hide(): void {
    const active = document.activeElement;
    // never hide what the keyboard is using, or an open menu
    if (active instanceof HTMLSelectElement && this.el.controls.contains(active)) return;
    if (this.el.controls.matches(':hover')) return;
    this.el.player.dataset.controls = 'hidden';
  }
}
