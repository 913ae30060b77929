// Where a notice goes in the app page. Pure, so the choice is tested without a browser.
// - the desktop app: nowhere here (the main process shows a system notification for it);
// - a page out of sight whose user allowed notifications: a system notification (Notifications API);
// - otherwise an in-app toast (the page is in sight, or notifications are not allowed: it waits there).
export type NotifyChannel = 'system' | 'toast' | 'none';

export type Permission = NotificationPermission | 'unsupported';

export function channelFor(o: { shell: 'electron' | 'server' | null; permission: Permission; visible: boolean }): NotifyChannel {
  if (o.shell === 'electron') return 'none';
  return o.permission === 'granted' && !o.visible ? 'system' : 'toast';
}

/** may the toast offer to turn system notifications on? only while the browser has not been asked */
export const mayAskPermission = (permission: Permission): boolean => permission === 'default';
