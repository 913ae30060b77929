// Asks where to delete a recording from: its files on this computer (the full-quality master and
// the recorded segments), its published copy in the storage (the link stops working), or both.
import type { ReactNode } from 'react';
import type { Recording } from '../../../../shared/domain';
import { Dialog } from '../../ui/Dialog';

export type DeleteFrom = 'local' | 'storage' | 'both';

export interface DeleteDialogProps {
  recording: Recording | null;
  title: string;
  busy: boolean;
  error: string | null;
  onDelete: (from: DeleteFrom) => void;
  onDismiss: () => void;
}

export function DeleteDialog({ recording, title, busy, error, onDelete, onDismiss }: DeleteDialogProps): ReactNode {
  const onServer = recording?.storage === 'reelay';
  const where = recording?.storage === 's3' ? 'your storage bucket' : onServer ? 'your Reelay Server (its copy, views and comments there)' : 'the share server on this computer';
  const storageName = onServer ? 'the server' : 'storage';
  return (
    <Dialog open={recording !== null} title={`Delete “${title}”?`} onDismiss={onDismiss}>
      <ul className="delete-explain">
        <li>
          <strong>From this computer</strong>: frees disk space (the full-quality recording); the link keeps working.
        </li>
        <li>
          <strong>From {storageName}</strong>: removes the published video from {where}; the link stops working.
        </li>
      </ul>
      {error && (
        <p className="status status-error" role="alert">
          {error}
        </p>
      )}
      <div className="dialog-actions dialog-actions-stacked">
        <button type="button" className="button-secondary" disabled={busy} onClick={() => onDelete('local')}>
          Delete from this computer
        </button>
        <button type="button" className="button-secondary" disabled={busy} onClick={() => onDelete('storage')}>
          Delete from {storageName}
        </button>
        <button type="button" className="button-danger" disabled={busy} onClick={() => onDelete('both')}>
          Delete from both
        </button>
        <button type="button" className="button-secondary" disabled={busy} onClick={onDismiss} autoFocus>
          Keep it
        </button>
      </div>
    </Dialog>
  );
}
