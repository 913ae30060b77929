// Settings → Storage → Reelay Server: the form's checks and the test's step names, pure.
import { reelayServerInputSchema, type ReelayServerInput, type ServerTestStep } from '../../../../shared/settings';

export interface ServerForm {
  url: string;
  token: string;
}

export type ServerField = keyof ServerForm;

export const SERVER_STEP_ORDER: readonly ServerTestStep[] = ['reach', 'identify', 'token', 'write'];
export const SERVER_STEP_LABELS: Record<ServerTestStep, string> = {
  reach: 'Reach the server',
  identify: 'It is a Reelay Server',
  token: 'It accepts the access token',
  write: 'Recordings can be published there',
};

/** the input to send, or what to fix in each field; an empty token keeps the saved one */
export function checkServerForm(form: ServerForm, hasToken: boolean): { ok: true; input: ReelayServerInput } | { ok: false; errors: Partial<Record<ServerField, string>> } {
  const errors: Partial<Record<ServerField, string>> = {};
  const token = form.token.trim();
  if (token === '' && !hasToken) errors.token = "Enter an access token: make one in the server's Settings → Access tokens.";
  const parsed = reelayServerInputSchema.safeParse({ url: form.url.trim(), ...(token === '' ? {} : { token }) });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = issue.path[0] === 'token' ? 'token' : 'url';
      errors[field] ??= field === 'url' ? 'Enter the server\'s address, e.g. https://reelay.example.com' : issue.message;
    }
  }
  return Object.keys(errors).length > 0 || !parsed.success ? { ok: false, errors } : { ok: true, input: parsed.data };
}
