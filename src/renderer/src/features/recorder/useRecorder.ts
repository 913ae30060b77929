// Renders from a RecorderController's snapshot.
import { useSyncExternalStore } from 'react';
import type { RecorderController, RecorderSnapshot } from '../../capture/recorder-controller';

export function useRecorderSnapshot(controller: RecorderController | null): RecorderSnapshot | null {
  return useSyncExternalStore(
    controller ? controller.subscribe : noopSubscribe,
    controller ? controller.getSnapshot : nullSnapshot,
  );
}

const noopSubscribe = (): (() => void) => () => undefined;
const nullSnapshot = (): null => null;
