// A steady tick that keeps going when the window is hidden or minimised. Timers in a page are
// throttled to 1 Hz (later once a minute) in background tabs; timers in a worker are not, and a
// recorder's window is usually in the background while it records. Ticks follow an absolute
// schedule, so timer rounding does not drift them off the frame grid, and each tick carries the
// time it was due: when the page is busy and handles ticks late, the frames keep their places.
const WORKER_SOURCE = `let timer = null;
let interval = 0;
let next = 0;
function loop() {
  postMessage(performance.timeOrigin + next);
  next += interval;
  const now = performance.now();
  if (next < now - interval) next = now; // fell far behind (machine asleep): restart the schedule
  timer = setTimeout(loop, Math.max(0, next - now));
}
onmessage = (event) => {
  clearTimeout(timer);
  interval = event.data;
  if (interval > 0) {
    next = performance.now() + interval;
    timer = setTimeout(loop, interval);
  }
};`;

/** onTick(dueAt): dueAt is the performance.now() of this page at which the tick was due. */
export function startTicker(intervalMs: number, onTick: (dueAt: number) => void): () => void {
  const url = URL.createObjectURL(new Blob([WORKER_SOURCE], { type: 'text/javascript' }));
  const worker = new Worker(url);
  URL.revokeObjectURL(url);
  worker.onmessage = (event: MessageEvent<number>) => {
    // Both sides share the machine's monotonic clock; only their time origins differ.
    const dueAt = event.data - performance.timeOrigin;
    onTick(Math.min(dueAt, performance.now()));
  };
  worker.postMessage(intervalMs);
  return () => {
    worker.postMessage(0);
    worker.terminate();
  };
}
