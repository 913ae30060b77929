// When the OS says the network is back, uploads waiting on a network failure retry at once instead of
// sitting out their backoff.
import { net } from 'electron';
import type { Core } from '../core';

export function watchNetwork(core: Core, intervalMs = 3000): () => void {
  let online = net.isOnline();
  const timer = setInterval(() => {
    const now = net.isOnline();
    if (now && !online) core.publisher.networkBack();
    online = now;
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
