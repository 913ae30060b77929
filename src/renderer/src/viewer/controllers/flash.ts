// The short text over the picture after a shortcut or a mute ("+5 s", "Volume 40%", "1.5×").
const SHOWN_MS = 700;

export class Flash {
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly element: HTMLElement) {}

  show(text: string): void {
    this.element.textContent = text;
    this.element.classList.add('show');
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.element.classList.remove('show'), SHOWN_MS);
  }

  destroy(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }
}
