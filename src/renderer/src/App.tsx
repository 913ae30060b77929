// The app window: Record, Library and Settings, switched by the URL hash so a reload stays put.
import { lazy, Suspense, useEffect, useState, type ReactNode } from 'react';
import type { ReelayApi, ShellCommand } from '../../shared/api';
import { ApiProvider } from './api/ApiContext';
import { LibraryPage } from './features/library/LibraryPage';
import type { RecorderEnvironment } from './features/recorder/environment';
import { SettingsPage } from './features/settings/SettingsPage';
import { useAccount } from './features/account/AuthGate';
import { ActivityProvider } from './features/activity/ActivityProvider';

const TABS = [
  { id: 'record', label: 'Record' },
  { id: 'library', label: 'Library' },
  { id: 'settings', label: 'Settings' },
] as const;
type Tab = (typeof TABS)[number]['id'];

/**
 * The recorder (capture, the encoders, the AAC encoder's worker: three quarters of the app's code)
 * is loaded when it is first shown: the library and settings do not wait for it to be parsed.
 */
const RecorderPage = lazy(() => import('./features/recorder/RecorderPage').then((m) => ({ default: m.RecorderPage })));

function tabFromHash(hash: string): Tab {
  const id = hash.replace(/^#\/?/, '');
  return TABS.some((t) => t.id === id) ? (id as Tab) : 'record';
}

export function App({ api, environment }: { api: ReelayApi; environment: RecorderEnvironment }): ReactNode {
  const [tab, setTab] = useState<Tab>(() => tabFromHash(location.hash));
  // While a recording is under way the recorder stays mounted (hidden) on the other tabs, so it
  // survives a look at the library; otherwise it unmounts and the camera and microphone close.
  const [recorderBusy, setRecorderBusy] = useState(false);
  const [command, setCommand] = useState<{ command: ShellCommand; at: number } | null>(null);
  const signedIn = useAccount();

  useEffect(() => {
    const onHash = () => setTab(tabFromHash(location.hash));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  // The desktop shell (tray, global shortcut) asks; the page, which owns capture, acts.
  useEffect(
    () =>
      api.on('shell-command', ({ command }) => {
        location.hash = command === 'open-library' ? '#/library' : '#/record';
        if (command !== 'open-library') setCommand({ command, at: Date.now() });
      }),
    [api],
  );

  return (
    <ApiProvider api={api}>
      <div className="app">
        <header className="app-header">
          <div className="brand" aria-label="Reelay">
            <span className="brand-dot" aria-hidden="true" />
            Reelay
          </div>
          <nav className="tabs" aria-label="Sections">
            {TABS.map((t) => (
              <a key={t.id} href={`#/${t.id}`} className="tab" aria-current={tab === t.id ? 'page' : undefined}>
                {t.label}
              </a>
            ))}
          </nav>
          {signedIn && (
            <div className="account-bar">
              <span aria-label="Signed in as">{signedIn.account.email}</span>
              <button type="button" className="button-secondary" onClick={() => void signedIn.signOut()}>
                Sign out
              </button>
            </div>
          )}
        </header>
        <ActivityProvider>
        <main className="app-main">
          {(tab === 'record' || recorderBusy) && (
            <div hidden={tab !== 'record'}>
              <Suspense fallback={<p className="status">Loading the recorder…</p>}>
                <RecorderPage environment={environment} command={command} onBusyChange={setRecorderBusy} />
              </Suspense>
            </div>
          )}
          {tab === 'library' && <LibraryPage />}
          {tab === 'settings' && <SettingsPage />}
        </main>
        </ActivityProvider>
      </div>
    </ApiProvider>
  );
}
