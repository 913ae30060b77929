import { describe, expect, it } from 'vitest';
import { embedCode } from './embed-code';

const rec = {
  link: 'http://127.0.0.1:4848/v/AAAAAAAAAAAAAAAAAAAAAA',
  title: 'Demo',
  width: 1920,
  height: 1080,
  access: { watch: 'anyone' as const, hasPassword: false, expiresAt: null },
  copies: { local: true, published: true },
};

describe('embedCode', () => {
  it("is an iframe of the link's embed page in the video's shape", () => {
    expect(embedCode(rec, 'Demo & "more"')).toBe(
      '<iframe src="http://127.0.0.1:4848/v/AAAAAAAAAAAAAAAAAAAAAA/embed" width="960" height="540" title="Demo &amp; &quot;more&quot;" frameborder="0" allow="autoplay; fullscreen; picture-in-picture" allowfullscreen></iframe>',
    );
    expect(embedCode({ ...rec, width: 1080, height: 1920 }, 'Demo')).toContain('width="960" height="1707"');
  });
  it('is not offered for links that are restricted, taken down, or served by a bucket alone', () => {
    expect(embedCode({ ...rec, access: { watch: 'members', hasPassword: false, expiresAt: null } }, 'Demo')).toBeNull();
    expect(embedCode({ ...rec, access: { watch: 'password', hasPassword: true, expiresAt: null } }, 'Demo')).toBeNull();
    expect(embedCode({ ...rec, copies: { local: true, published: false } }, 'Demo')).toBeNull();
    expect(embedCode({ ...rec, link: 'https://pub.r2.dev/recordings/AAAAAAAAAAAAAAAAAAAAAA' }, 'Demo')).toBeNull();
  });
});
