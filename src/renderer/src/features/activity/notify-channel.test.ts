import { describe, expect, it } from 'vitest';
import { channelFor, mayAskPermission } from './notify-channel';

describe('channelFor', () => {
  it('the desktop app shows its notices from the main process, never here', () => {
    for (const visible of [true, false]) expect(channelFor({ shell: 'electron', permission: 'granted', visible })).toBe('none');
  });

  it('a page out of sight with notifications allowed: a system notification; in sight: a toast', () => {
    expect(channelFor({ shell: 'server', permission: 'granted', visible: false })).toBe('system');
    expect(channelFor({ shell: 'server', permission: 'granted', visible: true })).toBe('toast');
  });

  it('not allowed, not asked, or no Notifications API (or the shell not known yet): a toast', () => {
    for (const permission of ['denied', 'default', 'unsupported'] as const) expect(channelFor({ shell: 'server', permission, visible: false })).toBe('toast');
    expect(channelFor({ shell: null, permission: 'granted', visible: true })).toBe('toast');
  });

  it('offers to turn system notifications on only while the browser has not asked', () => {
    expect([mayAskPermission('default'), mayAskPermission('granted'), mayAskPermission('denied'), mayAskPermission('unsupported')]).toEqual([true, false, false, false]);
  });
});
