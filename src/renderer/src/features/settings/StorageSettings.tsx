// Settings → Storage: where new recordings are published. This computer (embedded share server), an
// S3-compatible bucket the user owns, or a team's Reelay Server. Secrets are write-only: once saved,
// the UI only knows they exist.
import { useEffect, useId, useState, type FormEvent, type InputHTMLAttributes, type ReactNode } from 'react';
import type { ReelayApi } from '../../../../shared/api';
import type { PublicSettings, StorageTestResult } from '../../../../shared/settings';
import { getApi } from '../../api';
import {
  applyPreset,
  checkForm,
  emptyForm,
  formFromSettings,
  PRESET_ORDER,
  PRESETS,
  STEP_LABELS,
  STEP_ORDER,
  withRegion,
  type FormField,
  type StorageForm,
} from './storage-form';
import { ServerStorageSettings } from './ServerStorageSettings';
import { TestReport } from './TestReport';
import './StorageSettings.css';

type Choice = PublicSettings['storage']['kind'];
const CHOICES: { kind: Choice; label: string }[] = [
  { kind: 'local', label: 'This computer' },
  { kind: 's3', label: 'S3-compatible bucket' },
  { kind: 'reelay', label: 'Reelay Server' },
];

type Busy = null | 'testing' | 'saving' | 'switching';
type Notice = null | { kind: 'ok' | 'error'; text: string };

export function StorageSettings({ api: given }: { api?: ReelayApi } = {}): ReactNode {
  const [api] = useState<ReelayApi>(() => given ?? getApi());
  const [settings, setSettings] = useState<PublicSettings | null>(null);
  const [form, setForm] = useState<StorageForm>(emptyForm());
  const [errors, setErrors] = useState<Partial<Record<FormField, string>>>({});
  const [test, setTest] = useState<StorageTestResult | null>(null);
  const [busy, setBusy] = useState<Busy>(null);
  const [notice, setNotice] = useState<Notice>(null);
  const [choice, setChoice] = useState<Choice | null>(null);
  const ids = useFieldIds();
  const shown: Choice = choice ?? settings?.storage.kind ?? 'local';

  useEffect(() => {
    let live = true;
    api.call('settings.get', {}).then(
      (s) => {
        if (!live) return;
        setSettings(s);
        setForm(formFromSettings(s));
      },
      (e: unknown) => live && setNotice({ kind: 'error', text: messageOf(e) }),
    );
    const off = api.on('settings-updated', (s) => setSettings(s));
    // missed updates while the event stream was cut: read them again (the form keeps its edits)
    const offResumed = api.on('events-resumed', () => void api.call('settings.get', {}).then((s) => live && setSettings(s), () => undefined));
    return () => {
      live = false;
      off();
      offResumed();
    };
  }, [api]);

  const hasSecret = settings?.storage.kind === 's3' && settings.storage.s3.hasSecret;
  const usingS3 = settings?.storage.kind === 's3';

  const edit = <K extends FormField>(field: K, value: StorageForm[K]): void => {
    setForm((f) => (field === 'region' ? withRegion(f, value as string) : { ...f, [field]: value }));
    setErrors((e) => ({ ...e, [field]: undefined }));
    setTest(null);
    setNotice(null);
  };

  const checked = (): ReturnType<typeof checkForm> => {
    const c = checkForm(form, hasSecret);
    setErrors(c.ok ? {} : c.errors);
    return c;
  };

  const runTest = async (): Promise<void> => {
    const c = checked();
    if (!c.ok) return;
    setBusy('testing');
    setTest(null);
    setNotice(null);
    try {
      setTest(await api.call('storage.test', c.input));
    } catch (e) {
      setNotice({ kind: 'error', text: messageOf(e) });
    } finally {
      setBusy(null);
    }
  };

  const save = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const c = checked();
    if (!c.ok) return;
    setBusy('saving');
    setNotice(null);
    try {
      const s = await api.call('settings.set', { storage: { kind: 's3', s3: c.input } });
      setSettings(s);
      setForm((f) => ({ ...f, secretAccessKey: '' }));
      setNotice({ kind: 'ok', text: `Saved. New recordings are published to bucket "${c.input.bucket}"; existing ones stay where they are.` });
    } catch (e) {
      setNotice({ kind: 'error', text: messageOf(e) });
    } finally {
      setBusy(null);
    }
  };

  const useEmbedded = async (): Promise<void> => {
    setBusy('switching');
    setNotice(null);
    try {
      setSettings(await api.call('settings.set', { storage: { kind: 'local' } }));
      setNotice({ kind: 'ok', text: 'New recordings are shared from this computer. Recordings published elsewhere keep working there.' });
    } catch (e) {
      setNotice({ kind: 'error', text: messageOf(e) });
    } finally {
      setBusy(null);
    }
  };

  const preset = PRESETS[form.preset];
  const field = (name: FormField, label: string, input: ReactNode, hint?: ReactNode): ReactNode => (
    <div className={`storage-field${errors[name] ? ' has-error' : ''}`}>
      <label htmlFor={ids[name]}>{label}</label>
      {input}
      {errors[name] ? (
        <p className="storage-error" id={`${ids[name]}-error`}>
          {errors[name]}
        </p>
      ) : hint ? (
        <p className="storage-hint" id={`${ids[name]}-hint`}>
          {hint}
        </p>
      ) : null}
    </div>
  );
  const describedBy = (name: FormField): string => (errors[name] ? `${ids[name]}-error` : `${ids[name]}-hint`);
  const text = (name: Exclude<FormField, 'forcePathStyle' | 'preset'>, extra: InputHTMLAttributes<HTMLInputElement> = {}): ReactNode => (
    <input
      id={ids[name]}
      value={form[name]}
      onChange={(e) => edit(name, e.target.value)}
      aria-invalid={errors[name] ? true : undefined}
      aria-describedby={describedBy(name)}
      spellCheck={false}
      autoComplete="off"
      {...extra}
    />
  );

  return (
    <section className="storage-settings" aria-labelledby={`${ids.preset}-title`}>
      <h2 id={`${ids.preset}-title`}>Storage</h2>
      <p className="storage-current">
        {settings === null
          ? 'Loading…'
          : usingS3 && settings.storage.kind === 's3'
            ? `New recordings are published to bucket "${settings.storage.s3.bucket}" (${PRESETS[settings.storage.s3.preset].label}).`
            : settings.storage.kind === 'reelay'
              ? `New recordings are published to the Reelay Server at ${settings.storage.server.url}.`
              : 'New recordings are shared from this computer (embedded).'}
      </p>

      <fieldset className="storage-choice">
        <legend>Publish new recordings to</legend>
        {CHOICES.map((c) => (
          <label key={c.kind}>
            <input
              type="radio"
              name={`${ids.preset}-choice`}
              checked={shown === c.kind}
              onChange={() => {
                setChoice(c.kind);
                setNotice(null);
                setTest(null);
              }}
            />
            {c.label}
          </label>
        ))}
      </fieldset>

      {shown === 'local' && (
        <div className="storage-actions">
          <p className="storage-hint">Links play from this computer while it is on. {settings?.storage.kind === 'local' ? 'This is in use now.' : ''}</p>
          {settings !== null && settings.storage.kind !== 'local' && (
            <button type="button" className="primary" onClick={() => void useEmbedded()} disabled={busy !== null}>
              Use this computer (embedded)
            </button>
          )}
        </div>
      )}
      {shown === 'reelay' && <ServerStorageSettings api={api} settings={settings} onSaved={setSettings} />}

      {settings?.secretStore === 'file' && (
        <p className="storage-warning" role="note">
          Secrets are kept in a file on this machine that only your user account can read, not in the system keychain. Use an access key limited to this bucket.
        </p>
      )}

      {shown === 's3' && (
      <form className="storage-form" onSubmit={(e) => void save(e)} noValidate>
        {field(
          'preset',
          'Provider',
          <select id={ids.preset} value={form.preset} onChange={(e) => setForm((f) => applyPreset(f, e.target.value as StorageForm['preset']))}>
            {PRESET_ORDER.map((p) => (
              <option key={p} value={p}>
                {PRESETS[p].label}
              </option>
            ))}
          </select>,
        )}
        {field('endpoint', 'Endpoint', text('endpoint', { type: 'url', placeholder: form.preset === 'aws' ? 'AWS default' : 'https://…', inputMode: 'url' }), preset.endpointHint)}
        {field('region', 'Region', text('region'))}
        {field('bucket', 'Bucket', text('bucket', { required: true }))}
        {field('prefix', 'Key prefix', text('prefix', { placeholder: 'optional, e.g. recordings/' }), 'Recordings go under this folder of the bucket.')}
        {field('accessKeyId', 'Access key ID', text('accessKeyId', { required: true }))}
        {field(
          'secretAccessKey',
          'Secret access key',
          text('secretAccessKey', { type: 'password', placeholder: hasSecret ? 'saved' : '', autoComplete: 'new-password' }),
          hasSecret ? 'Saved. Leave empty to keep it; type a new one to replace it.' : 'Stored encrypted on this computer; never shown again.',
        )}
        <div className="storage-field storage-check">
          <input id={ids.forcePathStyle} type="checkbox" checked={form.forcePathStyle} onChange={(e) => edit('forcePathStyle', e.target.checked)} />
          <label htmlFor={ids.forcePathStyle}>Path-style requests</label>
          <p className="storage-hint">Address the bucket as endpoint/bucket instead of bucket.endpoint (MinIO and most self-hosted servers need it).</p>
        </div>
        {field('publicBaseUrl', 'Public base URL', text('publicBaseUrl', { type: 'url', placeholder: 'https://…', inputMode: 'url', required: true }), preset.publicUrlHint)}

        <div className="storage-actions">
          <button type="button" onClick={() => void runTest()} disabled={busy !== null}>
            {busy === 'testing' ? 'Testing…' : 'Test connection'}
          </button>
          <button type="submit" className="primary" disabled={busy !== null}>
            Save storage settings
          </button>
        </div>
      </form>
      )}

      {shown === 's3' && test && <TestReport result={test} order={STEP_ORDER} labels={STEP_LABELS} okText="The bucket works: Reelay can publish there and viewers can reach it." />}
      {notice && (
        <p className={`storage-notice ${notice.kind}`} role={notice.kind === 'error' ? 'alert' : 'status'}>
          {notice.text}
        </p>
      )}
    </section>
  );
}

function useFieldIds(): Record<FormField, string> {
  const base = useId();
  const names: FormField[] = ['preset', 'endpoint', 'region', 'bucket', 'prefix', 'accessKeyId', 'secretAccessKey', 'forcePathStyle', 'publicBaseUrl'];
  return Object.fromEntries(names.map((n) => [n, `${base}-${n}`])) as Record<FormField, string>;
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : 'Something went wrong. Try again.';
}
