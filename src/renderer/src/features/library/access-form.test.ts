import { describe, expect, it } from 'vitest';
import { ANYONE } from '../../../../shared/accounts';
import { accessRequest, accessSummary, dateInputValue, draftOf, expiresAtOf } from './access-form';

describe('the Who can watch form', () => {
  it('asks for a password the first time, and keeps the old one when left empty', () => {
    expect(accessRequest({ watch: 'password', password: '', expires: '' }, ANYONE)).toEqual({ ok: false, reason: 'Choose a link password.' });
    expect(accessRequest({ watch: 'password', password: 'short', expires: '' }, ANYONE)).toMatchObject({ ok: false });
    expect(accessRequest({ watch: 'password', password: 'long enough', expires: '' }, ANYONE)).toEqual({ ok: true, request: { watch: 'password', password: 'long enough', expiresAt: null } });
    expect(accessRequest({ watch: 'password', password: '', expires: '' }, { watch: 'password', hasPassword: true, expiresAt: null })).toEqual({
      ok: true,
      request: { watch: 'password', expiresAt: null },
    });
  });

  it('sends no password for other choices', () => {
    expect(accessRequest({ watch: 'members', password: 'typed then changed mind', expires: '' }, ANYONE)).toEqual({ ok: true, request: { watch: 'members', expiresAt: null } });
  });

  it('a link expires at the end of the chosen local day, and the draft reads it back', () => {
    const at = expiresAtOf('2027-03-04')!;
    const d = new Date(at);
    expect([d.getFullYear(), d.getMonth(), d.getDate(), d.getHours(), d.getMinutes()]).toEqual([2027, 2, 4, 23, 59]);
    expect(dateInputValue(at)).toBe('2027-03-04');
    expect(draftOf({ watch: 'anyone', hasPassword: false, expiresAt: at }).expires).toBe('2027-03-04');
    expect(expiresAtOf('tomorrow')).toBeNull();
  });

  it('summarises who may watch and until when', () => {
    expect(accessSummary(ANYONE, 0)).toBe('Anyone with the link');
    expect(accessSummary({ watch: 'members', hasPassword: false, expiresAt: 10 }, 20)).toBe('Signed-in members only · link expired');
  });
});
