// Settings → Storage → Reelay Server: publish new recordings to a team's server with an access token
// made there. The token is write-only: once saved, the page only knows one exists.
import { useId, useState, type FormEvent, type ReactNode } from 'react';
import type { ReelayApi } from '../../../../shared/api';
import type { PublicSettings, ServerTestResult } from '../../../../shared/settings';
import { TestReport } from './TestReport';
import { checkServerForm, SERVER_STEP_LABELS, SERVER_STEP_ORDER, type ServerField, type ServerForm } from './server-storage-form';

type Notice = null | { kind: 'ok' | 'error'; text: string };

export function ServerStorageSettings({ api, settings, onSaved }: { api: ReelayApi; settings: PublicSettings | null; onSaved: (s: PublicSettings) => void }): ReactNode {
  const saved = settings?.storage.kind === 'reelay' ? settings.storage.server : null;
  const [form, setForm] = useState<ServerForm>({ url: saved?.url ?? '', token: '' });
  const [errors, setErrors] = useState<Partial<Record<ServerField, string>>>({});
  const [test, setTest] = useState<ServerTestResult | null>(null);
  const [busy, setBusy] = useState<null | 'testing' | 'saving'>(null);
  const [notice, setNotice] = useState<Notice>(null);
  const id = useId();
  const hasToken = saved?.hasToken === true && saved.url === form.url.trim().replace(/\/+$/, '');

  const edit = (field: ServerField, value: string): void => {
    setForm((f) => ({ ...f, [field]: value }));
    setErrors((e) => ({ ...e, [field]: undefined }));
    setTest(null);
    setNotice(null);
  };
  const checked = (): ReturnType<typeof checkServerForm> => {
    const c = checkServerForm(form, hasToken);
    setErrors(c.ok ? {} : c.errors);
    return c;
  };
  const run = async (what: 'testing' | 'saving', task: () => Promise<void>): Promise<void> => {
    setBusy(what);
    setNotice(null);
    try {
      await task();
    } catch (e) {
      setNotice({ kind: 'error', text: e instanceof Error ? e.message : 'Something went wrong. Try again.' });
    } finally {
      setBusy(null);
    }
  };
  const runTest = (): void => {
    const c = checked();
    if (c.ok) void run('testing', async () => setTest(await api.call('storage.testServer', c.input)));
  };
  const save = (event: FormEvent): void => {
    event.preventDefault();
    const c = checked();
    if (!c.ok) return;
    void run('saving', async () => {
      onSaved(await api.call('settings.set', { storage: { kind: 'reelay', server: c.input } }));
      setForm((f) => ({ ...f, token: '' }));
      setNotice({ kind: 'ok', text: `Saved. New recordings are published to the Reelay Server at ${c.input.url}; existing ones stay where they are.` });
    });
  };

  const field = (name: ServerField, label: string, input: ReactNode, hint: string): ReactNode => (
    <div className={`storage-field${errors[name] ? ' has-error' : ''}`}>
      <label htmlFor={`${id}-${name}`}>{label}</label>
      {input}
      <p className={errors[name] ? 'storage-error' : 'storage-hint'} id={`${id}-${name}-note`}>
        {errors[name] ?? hint}
      </p>
    </div>
  );

  return (
    <form className="storage-form" onSubmit={save} noValidate aria-label="Reelay Server">
      {field(
        'url',
        'Server URL',
        <input id={`${id}-url`} type="url" inputMode="url" placeholder="https://reelay.example.com" value={form.url} onChange={(e) => edit('url', e.target.value)} aria-invalid={errors.url ? true : undefined} aria-describedby={`${id}-url-note`} spellCheck={false} autoComplete="off" />,
        "The address of your team's Reelay Server (npm run serve).",
      )}
      {field(
        'token',
        'Access token',
        <input id={`${id}-token`} type="password" placeholder={hasToken ? 'saved' : 'rly_…'} value={form.token} onChange={(e) => edit('token', e.target.value)} aria-invalid={errors.token ? true : undefined} aria-describedby={`${id}-token-note`} autoComplete="new-password" />,
        hasToken ? 'Saved. Leave empty to keep it; paste a new one to replace it.' : "Make one in the server's Settings → Access tokens. Recordings are yours there.",
      )}
      <div className="storage-actions">
        <button type="button" onClick={runTest} disabled={busy !== null}>
          {busy === 'testing' ? 'Testing…' : 'Test connection'}
        </button>
        <button type="submit" className="primary" disabled={busy !== null}>
          Save storage settings
        </button>
      </div>
      {test && <TestReport result={test} order={SERVER_STEP_ORDER} labels={SERVER_STEP_LABELS} okText={test.ok ? `It works: recordings will be published as ${test.account}, with links on ${test.publicUrl}.` : ''} />}
      {notice && (
        <p className={`storage-notice ${notice.kind}`} role={notice.kind === 'error' ? 'alert' : 'status'}>
          {notice.text}
        </p>
      )}
    </form>
  );
}
