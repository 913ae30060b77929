// Settings → Access tokens: for scripts and the desktop app publishing to this server. A new token is
// shown once; the list has names and last use, and each can be revoked.
import { useCallback, useEffect, useId, useState, type FormEvent, type ReactNode } from 'react';
import type { AccessTokenInfo } from '../../../../shared/accounts';
import type { ReelayApi } from '../../../../shared/api';
import { formatDateTime } from '../library/format';

export function AccessTokens({ api, showOwner }: { api: ReelayApi; showOwner: boolean }): ReactNode {
  const id = useId();
  const [tokens, setTokens] = useState<AccessTokenInfo[] | null>(null);
  const [name, setName] = useState('');
  const [created, setCreated] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const failed = (e: unknown) => setError(e instanceof Error ? e.message : String(e));

  const load = useCallback(() => api.call('tokens.list', {}).then(setTokens, failed), [api]);
  useEffect(() => void load(), [load]);

  async function create(event: FormEvent): Promise<void> {
    event.preventDefault();
    setError(null);
    try {
      const made = await api.call('tokens.create', { name: name.trim() });
      setCreated(made.token);
      setName('');
      await load();
    } catch (e) {
      failed(e);
    }
  }

  return (
    <section className="settings-section" aria-label="Access tokens">
      <h2>Access tokens</h2>
      <p className="field-hint">A token acts as its account on this server's API (Authorization: Bearer …). Keep it secret.</p>
      {tokens && tokens.length > 0 && (
        <ul className="settings-list" aria-label="Tokens">
          {tokens.map((t) => (
            <li key={t.id}>
              <span>
                {t.name}
                {showOwner && <span className="field-hint"> · {t.account}</span>}
                <span className="field-hint"> · {t.lastUsedAt === null ? 'never used' : `last used ${formatDateTime(t.lastUsedAt)}`}</span>
              </span>
              <button type="button" className="button-secondary button-danger-text" onClick={() => void api.call('tokens.revoke', { id: t.id }).then(setTokens, failed)}>
                Revoke {t.name}
              </button>
            </li>
          ))}
        </ul>
      )}
      <form className="inline-form" onSubmit={(e) => void create(e)}>
        <div className="field">
          <label htmlFor={`${id}-name`}>Token name</label>
          <input id={`${id}-name`} required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} />
        </div>
        <button type="submit" className="button-primary">
          Create token
        </button>
      </form>
      {created && (
        <div className="field">
          <label htmlFor={`${id}-token`}>New access token</label>
          <input id={`${id}-token`} readOnly value={created} onFocus={(e) => e.currentTarget.select()} />
          <p className="field-hint">Copy it now: it is not shown again.</p>
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
