// Email and password, for creating an account or signing in. Errors from the server show as they come.
import { useId, useState, type FormEvent, type ReactNode } from 'react';

export interface AccountFormProps {
  submitLabel: string;
  /** a new password: the browser may suggest one, and it needs 8 characters */
  newPassword?: boolean;
  /** fixed email (an invite names it) */
  email?: string;
  onSubmit: (credentials: { email: string; password: string }) => Promise<unknown>;
}

export function AccountForm({ submitLabel, newPassword = false, email: fixedEmail, onSubmit }: AccountFormProps): ReactNode {
  const id = useId();
  const [email, setEmail] = useState(fixedEmail ?? '');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await onSubmit({ email: email.trim(), password });
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      setBusy(false);
    }
  }

  return (
    <form className="account-form" onSubmit={(e) => void submit(e)}>
      <div className="field">
        <label htmlFor={`${id}-email`}>Email</label>
        <input id={`${id}-email`} type="email" autoComplete="username" required value={email} readOnly={fixedEmail !== undefined} onChange={(e) => setEmail(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-password`}>Password</label>
        <input
          id={`${id}-password`}
          type="password"
          autoComplete={newPassword ? 'new-password' : 'current-password'}
          required
          minLength={newPassword ? 8 : undefined}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        {newPassword && <p className="field-hint">At least 8 characters.</p>}
      </div>
      {error && (
        <p className="status status-error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" className="button-primary" disabled={busy}>
        {submitLabel}
      </button>
    </form>
  );
}
