import { describe, expect, it } from 'vitest';
import { inviteTokenFromHash, safeNext } from './routes';

describe('front-door routes', () => {
  it('reads an invite token from the hash, nothing else', () => {
    const token = 'a'.repeat(43);
    expect(inviteTokenFromHash(`#/invite/${token}`)).toBe(token);
    expect(inviteTokenFromHash('#/invite/short')).toBeNull();
    expect(inviteTokenFromHash(`#/library`)).toBeNull();
  });

  it('follows ?next= only to a link on this server', () => {
    expect(safeNext('?next=%2Fv%2FAAAAAAAAAAAAAAAAAAAAAA')).toBe('/v/AAAAAAAAAAAAAAAAAAAAAA');
    for (const bad of ['?next=https://evil.example/v/AAAAAAAAAAAAAAAAAAAAAA', '?next=//evil.example', '?next=javascript:alert(1)', '?next=/v/AAAA/../x', '']) {
      expect(safeNext(bad)).toBeNull();
    }
  });
});
