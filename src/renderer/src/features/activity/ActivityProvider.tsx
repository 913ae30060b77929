// What is new on each recording for the signed-in user (the desktop's user), kept current by
// 'activity-changed' events, for the cards' badges; a new comment also becomes a notice (a system
// notification or a toast, see notify-channel.ts). Questions go one at a time, so answers apply in
// the order they were asked; what was new when the page opened is the baseline and notifies nothing.
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import type { RecordingActivity } from '../../../../shared/activity';
import type { Notice } from '../../../../shared/notifications';
import { useApi } from '../../api/ApiContext';
import { applyActivity, EMPTY_ACTIVITY, type ActivityMap } from './activity-store';
import { channelFor, type Permission } from './notify-channel';
import { Toasts, type Toast } from './Toasts';
import './activity.css';

const ActivityContext = createContext<ActivityMap>(EMPTY_ACTIVITY);

/** what is new on one recording; undefined: nothing (or no provider) */
export function useRecordingActivity(recordingId: string): RecordingActivity | undefined {
  return useContext(ActivityContext).get(recordingId);
}

/** a toast stays this long unless dismissed */
const TOAST_MS = 12_000;
const MAX_TOASTS = 4;

const permission = (): Permission => (typeof Notification === 'undefined' ? 'unsupported' : Notification.permission);

export function ActivityProvider({ children }: { children: ReactNode }): ReactNode {
  const api = useApi();
  const [activity, setActivity] = useState<ActivityMap>(EMPTY_ACTIVITY);
  const [toasts, setToasts] = useState<Toast[]>([]);

  useEffect(() => {
    let live = true;
    let shell: 'electron' | 'server' | null = null;
    let current: ActivityMap = EMPTY_ACTIVITY;
    let baseline = true;
    let queue: Promise<void> = Promise.resolve();
    let toastKey = 0;
    const timers = new Set<ReturnType<typeof setTimeout>>();

    const dismiss = (key: number): void => setToasts((list) => list.filter((t) => t.key !== key));
    const show = (notice: Notice): void => {
      const channel = channelFor({ shell, permission: permission(), visible: document.visibilityState === 'visible' });
      if (channel === 'system') {
        const n = new Notification(notice.title, { body: notice.body, tag: notice.recordingId });
        n.onclick = () => {
          window.focus();
          location.hash = '#/library';
        };
      } else if (channel === 'toast') {
        const key = ++toastKey;
        setToasts((list) => [...list.slice(-(MAX_TOASTS - 1)), { key, notice }]);
        const timer = setTimeout(() => {
          timers.delete(timer);
          dismiss(key);
        }, TOAST_MS);
        timers.add(timer);
      }
    };
    /** asks again about `ids` (undefined: everything) once the questions before it are answered */
    const ask = (ids?: string[]): void => {
      queue = queue
        .then(() => api.call('recordings.activity', ids ? { ids } : {}))
        .then((answer) => {
          if (!live) return;
          const next = applyActivity(current, answer, ids);
          current = next.map;
          setActivity(current);
          if (!baseline) next.notices.forEach(show);
          baseline = false;
        })
        .catch(() => undefined); // the badges stay as they were; the next event or reload asks again
    };

    api.call('app.info', {}).then(
      (info) => (shell = info.shell),
      () => undefined,
    );
    const offChanged = api.on('activity-changed', ({ id }) => ask([id]));
    const offResumed = api.on('events-resumed', () => ask());
    const onVisible = (): void => {
      if (document.visibilityState === 'visible') ask();
    };
    document.addEventListener('visibilitychange', onVisible);
    ask();
    return () => {
      live = false;
      offChanged();
      offResumed();
      document.removeEventListener('visibilitychange', onVisible);
      timers.forEach(clearTimeout);
    };
  }, [api]);

  return (
    <ActivityContext.Provider value={activity}>
      {children}
      <Toasts toasts={toasts} onDismiss={(key) => setToasts((list) => list.filter((t) => t.key !== key))} />
    </ActivityContext.Provider>
  );
}
