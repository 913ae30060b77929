// Composition root of the app window: picks the contract client and publishes the recorder's
// figures for benchmarks on window.__reelayStats.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { getApi } from './api';
import { createAuthClient } from './api/auth-client';
import { AuthGate } from './features/account/AuthGate';
import { App } from './App';
import type { RecorderStats } from './capture/recorder-stats';
import type { RecorderEnvironment } from './features/recorder/environment';
import './styles.css';

declare global {
  interface Window {
    /** the current (or last) recording's figures */
    __reelayStats?: RecorderStats;
    /** every recording's figures since the page loaded */
    __reelayStatsHistory?: RecorderStats[];
  }
}

const environment: RecorderEnvironment = {
  publishStats: (stats) => {
    window.__reelayStats = stats;
    (window.__reelayStatsHistory ??= []).push(stats);
  },
  copyToClipboard: (text) => navigator.clipboard.writeText(text),
  now: () => performance.timeOrigin + performance.now(),
};

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
// the desktop app is its user's alone; served by Reelay Server, the app is behind a sign-in
const app = <App api={getApi()} environment={environment} />;
createRoot(root).render(<StrictMode>{window.reelay ? app : <AuthGate auth={createAuthClient()}>{app}</AuthGate>}</StrictMode>);
