// Which recordings capture right now, kept from the core's events: the tray shows Start or Stop, and
// the main window only hides on close while one records.
export class ActiveRecordings {
  private readonly active = new Set<string>();

  constructor(private readonly onChange: (anyActive: boolean) => void) {}

  update(id: string, state: string): void {
    const before = this.active.size > 0;
    if (state === 'recording' || state === 'paused') this.active.add(id);
    else this.active.delete(id);
    if (before !== this.active.size > 0) this.onChange(this.active.size > 0);
  }

  remove(id: string): void {
    this.update(id, 'removed');
  }

  get any(): boolean {
    return this.active.size > 0;
  }
}
