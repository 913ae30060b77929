import { describe, expect, it } from 'vitest';
import { offersFfmpegPath } from './ffmpeg-setting';

describe('the ffmpeg path in Settings', () => {
  it('is offered by the desktop app only: in server mode the server configures its own ffmpeg', () => {
    expect(offersFfmpegPath({ shell: 'electron' })).toBe(true);
    expect(offersFfmpegPath({ shell: 'server' })).toBe(false);
    expect(offersFfmpegPath(null)).toBe(false); // app.info not answered yet: nothing to flash away
  });
});
