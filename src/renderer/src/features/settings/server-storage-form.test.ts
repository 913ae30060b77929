import { describe, expect, it } from 'vitest';
import { checkServerForm } from './server-storage-form';

const TOKEN = `rly_${'b'.repeat(43)}`;

describe('the Reelay Server storage form', () => {
  it('takes a URL and a token, dropping a trailing slash', () => {
    expect(checkServerForm({ url: ' https://reelay.example.com/ ', token: TOKEN }, false)).toEqual({ ok: true, input: { url: 'https://reelay.example.com', token: TOKEN } });
  });

  it('an empty token keeps the saved one, and is an error when none is saved', () => {
    expect(checkServerForm({ url: 'http://127.0.0.1:4848', token: '' }, true)).toEqual({ ok: true, input: { url: 'http://127.0.0.1:4848' } });
    expect(checkServerForm({ url: 'http://127.0.0.1:4848', token: '' }, false)).toMatchObject({ ok: false, errors: { token: expect.stringMatching(/Access tokens/) } });
  });

  it('names the field to fix', () => {
    expect(checkServerForm({ url: 'reelay.example.com', token: TOKEN }, false)).toMatchObject({ ok: false, errors: { url: expect.stringMatching(/address/) } });
    expect(checkServerForm({ url: 'https://reelay.example.com', token: 'secret' }, false)).toMatchObject({ ok: false, errors: { token: expect.stringMatching(/rly_/) } });
  });
});
