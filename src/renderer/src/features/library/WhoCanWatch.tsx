// Per recording: who may watch its link, and until when (Reelay Server).
import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { WATCH, WATCH_LABELS, type LinkAccess, type Watch } from '../../../../shared/accounts';
import { accessRequest, accessSummary, draftOf, type AccessDraft, type AccessRequest } from './access-form';

export function WhoCanWatch({ access, onSave }: { access: LinkAccess; onSave: (request: AccessRequest) => Promise<void> }): ReactNode {
  const id = useId();
  const [draft, setDraft] = useState<AccessDraft>(() => draftOf(access));
  const [message, setMessage] = useState<{ tone: 'error' | 'ok'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const change = (patch: Partial<AccessDraft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    setMessage(null);
  };

  async function save(event: FormEvent): Promise<void> {
    event.preventDefault();
    const checked = accessRequest(draft, access);
    if (!checked.ok) return setMessage({ tone: 'error', text: checked.reason });
    setBusy(true);
    try {
      await onSave(checked.request);
      setDraft((d) => ({ ...d, password: '' }));
      setMessage({ tone: 'ok', text: 'Saved.' });
    } catch (e) {
      setMessage({ tone: 'error', text: `Could not save: ${e instanceof Error ? e.message : String(e)}` });
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="who-can-watch" onSubmit={(e) => void save(e)}>
      <div className="field">
        <label htmlFor={`${id}-watch`}>Who can watch</label>
        <select id={`${id}-watch`} value={draft.watch} onChange={(e) => change({ watch: e.target.value as Watch })}>
          {WATCH.map((w) => (
            <option key={w} value={w}>
              {WATCH_LABELS[w]}
            </option>
          ))}
        </select>
      </div>
      {draft.watch === 'password' && (
        <div className="field">
          <label htmlFor={`${id}-password`}>Link password</label>
          <input
            id={`${id}-password`}
            type="password"
            autoComplete="new-password"
            placeholder={access.hasPassword ? 'unchanged' : 'at least 8 characters'}
            value={draft.password}
            onChange={(e) => change({ password: e.target.value })}
          />
        </div>
      )}
      <div className="field">
        <label htmlFor={`${id}-expires`}>Link expires</label>
        <input id={`${id}-expires`} type="date" value={draft.expires} onChange={(e) => change({ expires: e.target.value })} />
      </div>
      <button type="submit" className="button-secondary" disabled={busy}>
        Save access
      </button>
      <p className="field-hint" aria-label="Access">
        {message ? <span role={message.tone === 'error' ? 'alert' : 'status'}>{message.text}</span> : accessSummary(access, Date.now())}
      </p>
    </form>
  );
}
