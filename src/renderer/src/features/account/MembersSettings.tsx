// Settings → Members (the owner's): who has an account, invites waiting, and a new invite link.
import { useCallback, useEffect, useId, useState, type FormEvent, type ReactNode } from 'react';
import type { InviteCreated, MembersView } from '../../../../shared/accounts';
import type { ReelayApi } from '../../../../shared/api';
import { formatDateTime } from '../library/format';

export function MembersSettings({ api }: { api: ReelayApi }): ReactNode {
  const id = useId();
  const [view, setView] = useState<MembersView | null>(null);
  const [email, setEmail] = useState('');
  const [created, setCreated] = useState<InviteCreated | null>(null);
  const [error, setError] = useState<string | null>(null);
  const failed = (e: unknown) => setError(e instanceof Error ? e.message : String(e));

  const load = useCallback(() => api.call('account.members', {}).then(setView, failed), [api]);
  useEffect(() => void load(), [load]);

  async function invite(event: FormEvent): Promise<void> {
    event.preventDefault();
    setError(null);
    try {
      setCreated(await api.call('account.invite', { email: email.trim() }));
      setEmail('');
      await load();
    } catch (e) {
      failed(e);
    }
  }

  return (
    <section className="settings-section" aria-label="Members">
      <h2>Members</h2>
      {view && (
        <ul className="settings-list" aria-label="Accounts">
          {view.members.map((m) => (
            <li key={m.id}>
              <span>
                {m.email} <span className="field-hint">({m.role})</span>
              </span>
              {m.role === 'member' && (
                <button type="button" className="button-secondary button-danger-text" onClick={() => void api.call('account.removeMember', { id: m.id }).then(setView, failed)}>
                  Remove {m.email}
                </button>
              )}
            </li>
          ))}
          {view.invites.map((i) => (
            <li key={i.id}>
              <span>
                {i.email} <span className="field-hint">(invited; the link works until {formatDateTime(i.expiresAt)})</span>
              </span>
              <button type="button" className="button-secondary" onClick={() => void api.call('account.revokeInvite', { id: i.id }).then(setView, failed)}>
                Revoke invite
              </button>
            </li>
          ))}
        </ul>
      )}
      <form className="inline-form" onSubmit={(e) => void invite(e)}>
        <div className="field">
          <label htmlFor={`${id}-email`}>Member's email</label>
          <input id={`${id}-email`} type="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
        </div>
        <button type="submit" className="button-primary">
          Invite member
        </button>
      </form>
      {created && (
        <div className="field">
          <label htmlFor={`${id}-link`}>Invite link</label>
          <input id={`${id}-link`} readOnly value={created.link} onFocus={(e) => e.currentTarget.select()} />
          <p className="field-hint">Send it to {created.invite.email}: it works once, until {formatDateTime(created.invite.expiresAt)}.</p>
        </div>
      )}
      {error && (
        <p className="status status-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
