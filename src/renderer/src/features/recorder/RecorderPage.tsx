// The recorder: pick sources, see the camera bubble, record, and get the link.
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { ShellCommand } from '../../../../shared/api';
import { useApi } from '../../api/ApiContext';
import type { BubbleLayout } from '../../capture/bubble-geometry';
import { missingCapabilities } from '../../capture/capabilities';
import { openRecordingPipeline } from '../../capture/recording-pipeline';
import { RecorderController, type RecorderSnapshot } from '../../capture/recorder-controller';
import { emptyRecorderStats } from '../../capture/recorder-stats';
import { RETRY } from '../../../../shared/retry';
import { captureScreen, stopStream } from '../../capture/sources';
import { Dialog } from '../../ui/Dialog';
import { CameraPreview } from './CameraPreview';
import { DeviceStatus } from './DeviceStatus';
import { liveBehindNotice } from './live-behind-notice';
import type { RecorderEnvironment } from './environment';
import { SaveStatus } from './SaveStatus';
import { ShareLink } from './ShareLink';
import { SourcePicker } from './SourcePicker';
import { Timer } from './Timer';
import { useCaptureDevices, type CaptureDevices } from './useCaptureDevices';
import { useRecorderSnapshot } from './useRecorder';
import { useRecorderSettings } from './useRecorderSettings';
import './RecorderPage.css';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
/** How long a recording waits, once the screen is chosen, for a camera or microphone still opening. */
const DEVICE_OPEN_WAIT_MS = 5_000;

export interface RecorderPageProps {
  environment: RecorderEnvironment;
  /** the latest request from the desktop shell (tray, global shortcut) */
  command?: { command: ShellCommand; at: number } | null;
  /** true from Start until the recording is stopped or discarded */
  onBusyChange?: (busy: boolean) => void;
}

export function RecorderPage({ environment, command, onBusyChange }: RecorderPageProps): ReactNode {
  const api = useApi();
  const devices = useCaptureDevices();
  const recorderSettings = useRecorderSettings(api);
  const { settings } = recorderSettings;
  const [controller, setController] = useState<RecorderController | null>(null);
  const snapshot = useRecorderSnapshot(controller);
  const [confirmingCancel, setConfirmingCancel] = useState(false);
  const state = snapshot?.state ?? 'idle';
  const layout = useMemo<BubbleLayout>(() => ({ corner: settings.cameraCorner, size: settings.cameraSize }), [settings.cameraCorner, settings.cameraSize]);
  const cameraTrack = devices.camera?.getVideoTracks()[0] ?? null;
  const capturing = state === 'recording' || state === 'paused';

  // The bubble follows the settings and the camera choice while recording.
  useEffect(() => controller?.updateCapture({ layout }), [controller, layout]);
  useEffect(() => controller?.updateCapture({ camera: cameraTrack }), [controller, cameraTrack]);

  useEffect(() => {
    if (!capturing && state !== 'stopping') return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [capturing, state]);

  const busy = snapshot !== null && !['idle', 'stopped', 'cancelled', 'failed'].includes(state);
  useEffect(() => onBusyChange?.(busy), [busy, onBusyChange]);

  // Shell commands: act on each one once.
  const handled = useRef(0);
  useEffect(() => {
    if (!command || command.at <= handled.current) return;
    handled.current = command.at;
    const idleNow = !controller || ['idle', 'stopped', 'cancelled', 'failed'].includes(state);
    const wantsStart = command.command === 'start-recording' || command.command === 'toggle-recording';
    const wantsStop = command.command === 'stop-recording' || command.command === 'toggle-recording';
    if (idleNow && wantsStart) start();
    else if ((state === 'recording' || state === 'paused') && wantsStop) void controller?.stop();
  });

  function start(): void {
    const stats = emptyRecorderStats();
    environment.publishStats(stats);
    const systemAudio = devices.systemAudio;
    const whenOpen = devices.whenOpen;
    const next = new RecorderController({
      api,
      countdownSeconds: settings.countdownSeconds,
      policy: RETRY.captureSend,
      sleep,
      copyToClipboard: environment.copyToClipboard,
      now: environment.now,
      stats,
      openCapture: async (events) => {
        const screen = await captureScreen({ systemAudio });
        try {
          // Start pressed while the chosen camera or microphone was still opening (right after the
          // recorder showed): wait for them, or the recording would go on without them for good
          const opened = await whenOpen(DEVICE_OPEN_WAIT_MS);
          const camera = opened.camera?.getVideoTracks()[0] ?? null;
          const microphone = opened.microphone?.getAudioTracks()[0] ?? null;
          return await openRecordingPipeline({ screen, camera, microphone }, layout, events);
        } catch (error) {
          stopStream(screen);
          throw error;
        }
      },
    });
    setController(next);
    void next.start();
  }

  const idle = !snapshot || state === 'idle' || state === 'cancelled';
  const missing = useMemo(() => missingCapabilities(), []);

  return (
    <section className="recorder" aria-label="Recorder">
      <div className="recorder-stage">
        <CameraPreview camera={devices.camera} settings={settings} label={capturing ? 'Recording your screen' : 'Your screen'}>
          {state === 'countdown' && snapshot?.countdown !== null && (
            <div className="countdown" aria-live="assertive">
              <span className="countdown-number">{snapshot?.countdown}</span>
              <button type="button" className="button-secondary" onClick={() => controller?.skipCountdown()}>
                Skip countdown
              </button>
            </div>
          )}
          {state === 'preparing' && <div className="stage-note">Choose the screen or window to record…</div>}
        </CameraPreview>
      </div>

      <div className="recorder-panel">
        {snapshot?.recording && state !== 'cancelled' && (
          <ShareLink
            link={snapshot.recording.link}
            copied={snapshot.copied}
            ready={state === 'stopped'}
            copy={environment.copyToClipboard}
          />
        )}

        {idle ? (
          <IdlePanel
            devices={devices}
            settings={recorderSettings}
            cancelled={state === 'cancelled'}
            problem={snapshot?.problem ?? null}
            deviceStatus={snapshot && <DeviceStatus notices={snapshot.deviceNotices} state={state} />}
            missing={missing}
            onStart={start}
          />
        ) : (
          <ActivePanel
            controller={controller!}
            snapshot={snapshot}
            devices={devices}
            settings={recorderSettings}
            onCancel={() => setConfirmingCancel(true)}
            onNew={() => setController(null)}
          />
        )}
      </div>

      <Dialog open={confirmingCancel} title="Discard this recording?" onDismiss={() => setConfirmingCancel(false)}>
        <p>What was recorded is deleted and the link stops working.</p>
        <div className="dialog-actions">
          <button type="button" className="button-secondary" onClick={() => setConfirmingCancel(false)} autoFocus>
            Keep recording
          </button>
          <button
            type="button"
            className="button-danger"
            onClick={() => {
              setConfirmingCancel(false);
              void controller?.cancel();
            }}
          >
            Discard recording
          </button>
        </div>
      </Dialog>
    </section>
  );
}

interface IdlePanelProps {
  devices: CaptureDevices;
  settings: ReturnType<typeof useRecorderSettings>;
  cancelled: boolean;
  problem: string | null;
  /** what happened to the devices of the recording just discarded */
  deviceStatus: ReactNode;
  /** browser features the recorder needs but does not have */
  missing: readonly string[];
  onStart: () => void;
}

function IdlePanel({ devices, settings, cancelled, problem, deviceStatus, missing, onStart }: IdlePanelProps): ReactNode {
  return (
    <>
      <SourcePicker devices={devices} settings={settings.settings} onSettings={settings.update} lockMicrophone={false} />
      {settings.error && <p className="status status-warning">{settings.error}</p>}
      {missing.length > 0 && (
        <p className="status status-error" role="alert">
          This browser cannot record: it lacks {missing.join(', ')}. Use the Reelay desktop app, Chrome or Edge.
        </p>
      )}
      <button type="button" className="record-button" onClick={onStart} disabled={missing.length > 0}>
        <span className="record-dot" aria-hidden="true" />
        Start recording
      </button>
      {cancelled && (
        <p className="status" role="status">
          Recording discarded.
        </p>
      )}
      {problem && <p className="status status-warning">{problem}</p>}
      {deviceStatus}
    </>
  );
}

interface ActivePanelProps {
  controller: RecorderController;
  snapshot: RecorderSnapshot | null;
  devices: CaptureDevices;
  settings: ReturnType<typeof useRecorderSettings>;
  onCancel: () => void;
  onNew: () => void;
}

function ActivePanel({ controller, snapshot, devices, settings, onCancel, onNew }: ActivePanelProps): ReactNode {
  const state = snapshot?.state ?? 'idle';
  const capturing = state === 'recording' || state === 'paused';
  const elapsed = useMemo(() => () => controller.elapsedMs(), [controller]);

  return (
    <>
      <div className={`recording-bar recording-bar-${state}`}>
        <span className="recording-state">{STATE_WORDS[state]}</span>
        {(capturing || state === 'stopping' || state === 'stopped') && <Timer elapsedMs={elapsed} running={state === 'recording'} />}
      </div>

      <div className="recording-actions">
        {state === 'recording' && (
          <button type="button" className="button-secondary" onClick={() => void controller.pause()}>
            Pause
          </button>
        )}
        {state === 'paused' && (
          <button type="button" className="button-secondary" onClick={() => void controller.resume()}>
            Resume
          </button>
        )}
        {capturing && (
          <button type="button" className="button-primary stop-button" onClick={() => void controller.stop()}>
            Stop
          </button>
        )}
        {(state === 'preparing' || state === 'countdown' || capturing || state === 'stopping' || state === 'failed') && (
          <button type="button" className="button-secondary" onClick={onCancel}>
            Cancel
          </button>
        )}
        {(state === 'stopped' || state === 'failed') && (
          <button type="button" className="button-primary" onClick={onNew}>
            New recording
          </button>
        )}
      </div>

      {snapshot && <SaveStatus upload={snapshot.upload} stopping={state === 'stopping'} />}
      {snapshot && <DeviceStatus notices={snapshot.deviceNotices} state={state} />}
      {snapshot?.liveBehindSec != null && (
        <p className="status status-warning" role="status" data-notice="live-behind">
          {liveBehindNotice(snapshot.liveBehindSec)}
        </p>
      )}
      {snapshot?.problem && <p className="status status-warning">{snapshot.problem}</p>}
      {snapshot?.error && (
        <p className="status status-error" role="alert">
          {snapshot.error}
        </p>
      )}

      {(capturing || state === 'countdown') && (
        <SourcePicker devices={devices} settings={settings.settings} onSettings={settings.update} lockMicrophone />
      )}
    </>
  );
}

const STATE_WORDS: Record<string, string> = {
  idle: '',
  preparing: 'Getting ready',
  countdown: 'Starting',
  recording: 'Recording',
  paused: 'Paused',
  stopping: 'Publishing…',
  stopped: 'Done',
  cancelled: 'Discarded',
  failed: 'Something went wrong',
};
