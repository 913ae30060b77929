// Reveal in folder on the library card: offered by the desktop app only, and disabled with its reason
// while the recording's files are not on this computer. The card is rendered for real (React's
// server renderer: the markup a user's browser gets before any effect runs).
import { describe, expect, it } from 'vitest';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import type { ReelayApi } from '../../../../shared/api';
import type { Recording } from '../../../../shared/domain';
import { aRecording } from '../../../../shared/testing/a-recording';
import { ApiProvider } from '../../api/ApiContext';
import { RecordingCard, type RecordingCardProps } from './RecordingCard';
import { offersReveal, revealBlocked } from './reveal';

const recording = (patch: Partial<Recording> = {}): Recording =>
  aRecording({
    id: 'rec12345',
    shareId: 'share12345',
    title: 'Demo',
    state: 'ready',
    createdAt: Date.UTC(2026, 10, 1),
    durationMs: 10_000,
    link: 'http://127.0.0.1:4848/v/share12345',
    upload: { filesDone: 1, filesTotal: 1, bytesDone: 1, bytesTotal: 1, waiting: null },
    backfill: { state: 'done', progress: 1, etaSeconds: null, error: null },
    ...patch,
  });

/** an API that never answers: the panels' effects do not run in the server renderer anyway */
const silentApi: ReelayApi = { call: () => new Promise(() => undefined), on: () => () => undefined };

function card(props: Partial<RecordingCardProps>): string {
  const all: RecordingCardProps = { recording: recording(), onRename: async () => undefined, onDelete: () => undefined, onCopy: async () => undefined, onRetryBackfill: async () => undefined, ...props };
  return renderToStaticMarkup(createElement(ApiProvider, { api: silentApi, children: createElement(RecordingCard, all) }));
}

/** the Reveal in folder button's opening tag, or null */
const revealButton = (html: string): string | null => /<button[^>]*>Reveal in folder<\/button>/.exec(html)?.[0] ?? null;

describe('Reveal in folder', () => {
  it('is offered by the desktop app only, not before the shell is known', () => {
    expect(offersReveal({ shell: 'electron' })).toBe(true);
    expect(offersReveal({ shell: 'server' })).toBe(false);
    expect(offersReveal(null)).toBe(false);
  });

  it('the card shows the button where the library offers it, and only there', () => {
    const button = revealButton(card({ onReveal: async () => undefined }));
    expect(button).not.toBeNull();
    expect(button).not.toContain('disabled');
    expect(revealButton(card({}))).toBeNull(); // server mode: the library passes no onReveal
  });

  it('is disabled, saying why, once the files left this computer or before anything was recorded', () => {
    const deleted = revealButton(card({ onReveal: async () => undefined, recording: recording({ copies: { local: false, published: true } }) }));
    expect(deleted).toContain('disabled');
    expect(deleted).toContain('title="Deleted from this computer: nothing to show in a folder."');
    expect(revealBlocked(recording({ state: 'created' }))).toBe('Nothing recorded yet.');
    expect(revealBlocked(recording({ state: 'interrupted' }))).toBeNull();
  });
});
