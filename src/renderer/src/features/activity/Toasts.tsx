// In-app notices, bottom right: each says what happened and can be dismissed; while the browser has
// not been asked, one button asks it to show them as system notifications instead (a click: browsers
// ask only from one).
import { useState, type ReactNode } from 'react';
import type { Notice } from '../../../../shared/notifications';
import { mayAskPermission, type Permission } from './notify-channel';

export interface Toast {
  key: number;
  notice: Notice;
}

export function Toasts({ toasts, onDismiss }: { toasts: readonly Toast[]; onDismiss: (key: number) => void }): ReactNode {
  const [permission, setPermission] = useState<Permission>(() => (typeof Notification === 'undefined' ? 'unsupported' : Notification.permission));
  if (toasts.length === 0) return null;
  return (
    <div className="toasts" aria-label="Notifications">
      {toasts.map(({ key, notice }) => (
        <div key={key} className="toast" role="status">
          <p className="toast-title">{notice.title}</p>
          <p className="toast-body">{notice.body}</p>
          <div className="toast-actions">
            <a href="#/library" onClick={() => onDismiss(key)}>
              Open library
            </a>
            {mayAskPermission(permission) && (
              <button type="button" className="button-secondary" onClick={() => void Notification.requestPermission().then(setPermission)}>
                Use system notifications
              </button>
            )}
            <button type="button" className="button-secondary" onClick={() => onDismiss(key)}>
              Dismiss
            </button>
          </div>
        </div>
      ))}
    </div>
  );
}
