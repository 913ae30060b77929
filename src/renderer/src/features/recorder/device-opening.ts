// A camera or microphone takes a moment to open (getUserMedia), longer the first time. Start can be
// pressed in that moment (right after the recorder shows, or by the desktop shell's shortcut), so
// the recording waits for the devices being opened instead of taking "none" for the chosen device.

/** The opening of one device's stream: the newest attempt counts. Pure, so it is tested in Node. */
export class DeviceOpening {
  private latest: Promise<void> = Promise.resolve();

  /** Follows this attempt (one that replaces the device chosen before it); returns it unchanged. */
  follow<T>(attempt: Promise<T>): Promise<T> {
    this.latest = attempt.then(
      () => undefined,
      () => undefined,
    );
    return attempt;
  }

  /**
   * Resolves true once the newest attempt has settled, waiting for any begun meanwhile, or false
   * after timeoutMs (a permission prompt nobody answers must not hold the recording up forever).
   */
  async settled(timeoutMs: number): Promise<boolean> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    try {
      for (;;) {
        const waited = this.latest;
        const done = await Promise.race([waited.then(() => true as const), timeout]);
        if (!done) return false;
        if (waited === this.latest) return true;
      }
    } finally {
      clearTimeout(timer);
    }
  }
}
