import { describe, expect, it } from 'vitest';
import { offersPause, viewerState, type PlaybackFacts } from './view-state';

const playing: PlaybackFacts = { failure: null, hasPicture: true, ended: false, paused: false, resuming: false, started: true };

describe('viewerState', () => {
  it('reads the element', () => {
    expect(viewerState(playing)).toBe('playing');
    expect(viewerState({ ...playing, paused: true })).toBe('paused');
    expect(viewerState({ ...playing, paused: true, ended: true })).toBe('ended');
  });
  it('loads until the first frame, then shows stalls as buffering, not loading', () => {
    expect(viewerState({ ...playing, started: false, hasPicture: false, paused: true })).toBe('loading');
    expect(viewerState({ ...playing, hasPicture: false })).toBe('playing');
    expect(viewerState({ ...playing, started: false, paused: true })).toBe('paused');
  });
  it('loads while the engine re-creates itself', () => {
    expect(viewerState({ ...playing, paused: true, resuming: true })).toBe('loading');
  });
  it('shows a retried failure as a notice while there is a picture, as an error otherwise', () => {
    expect(viewerState({ ...playing, failure: { retry: true } })).toBe('playing');
    expect(viewerState({ ...playing, failure: { retry: true }, hasPicture: false })).toBe('error');
    expect(viewerState({ ...playing, failure: { retry: false } })).toBe('error');
    expect(viewerState({ ...playing, failure: { retry: false }, ended: true })).toBe('error');
  });
});

describe('offersPause', () => {
  it('offers Pause while playing or loading towards playing', () => {
    expect(offersPause('playing', false)).toBe(true);
    expect(offersPause('loading', false)).toBe(true);
    expect(offersPause('loading', true)).toBe(false);
    expect(offersPause('paused', true)).toBe(false);
    expect(offersPause('ended', true)).toBe(false);
    expect(offersPause('error', false)).toBe(false);
  });
});
