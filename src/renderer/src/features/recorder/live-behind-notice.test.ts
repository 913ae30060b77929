import { describe, expect, it } from 'vitest';
import { liveBehindNotice } from './live-behind-notice';

describe('liveBehindNotice', () => {
  it('says nothing while the live stream keeps up', () => {
    expect(liveBehindNotice(null)).toBeNull();
  });

  it('says how late viewers see it, that nothing is lost, and what helps', () => {
    const text = liveBehindNotice(14)!;
    expect(text).toContain('14 s late');
    expect(text).toContain('Nothing is lost');
    expect(text).toContain('Closing other apps helps');
  });
});
