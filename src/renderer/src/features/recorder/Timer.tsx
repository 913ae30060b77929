// The recorded time, paused time excluded, refreshed a few times a second.
import { useEffect, useState, type ReactNode } from 'react';
import { formatDuration } from '../library/format';

export function Timer({ elapsedMs, running }: { elapsedMs: () => number; running: boolean }): ReactNode {
  const [ms, setMs] = useState(elapsedMs);
  useEffect(() => {
    setMs(elapsedMs());
    if (!running) return;
    const timer = setInterval(() => setMs(elapsedMs()), 250);
    return () => clearInterval(timer);
  }, [elapsedMs, running]);
  return (
    <time className="timer" role="timer" aria-label="Recorded time" dateTime={`PT${Math.floor(ms / 1000)}S`}>
      {formatDuration(ms)}
    </time>
  );
}
