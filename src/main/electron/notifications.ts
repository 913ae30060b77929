// The desktop's system notifications: shows what the core's CommentNotifier decided, nothing more.
// A shown Notification is kept until it is clicked or closed (one only referenced by the OS may be
// garbage-collected, and its click lost).
import { Notification } from 'electron';
import type { Notice } from '../../shared/notifications';

export function createSystemNotifier(onClick: (notice: Notice) => void): (notice: Notice) => void {
  const shown = new Set<Notification>();
  return (notice) => {
    if (!Notification.isSupported()) return;
    const n = new Notification({ title: notice.title, body: notice.body });
    shown.add(n);
    n.on('click', () => {
      shown.delete(n);
      onClick(notice);
    });
    n.on('close', () => shown.delete(n));
    n.show();
  };
}
