// The camera and microphone the next recording uses, open while the recorder shows (the camera for
// its preview bubble, the microphone for its level meter). The choice is remembered on this computer.
import { useCallback, useEffect, useRef, useState } from 'react';
import { listDevices, openCamera, openMicrophone, stopStream, type DeviceList } from '../../capture/sources';
import { DeviceOpening } from './device-opening';

export const NO_DEVICE = 'none';
/** '' = the system's default device, until we know its id */
const DEFAULT_DEVICE = '';
const STORAGE_KEY = 'reelay.capture-devices';

export interface CaptureDevices {
  devices: DeviceList;
  cameraId: string;
  microphoneId: string;
  systemAudio: boolean;
  camera: MediaStream | null;
  microphone: MediaStream | null;
  cameraError: string | null;
  microphoneError: string | null;
  setCameraId(id: string): void;
  setMicrophoneId(id: string): void;
  setSystemAudio(on: boolean): void;
  /**
   * The camera and microphone streams once those being opened now are open (or failed), waiting
   * at most timeoutMs: Start pressed right after the recorder showed still records the chosen
   * devices. Reads the newest state, so it may be called from an earlier render's closure.
   */
  whenOpen(timeoutMs: number): Promise<{ camera: MediaStream | null; microphone: MediaStream | null }>;
}

interface Remembered {
  camera: string;
  microphone: string;
  systemAudio: boolean;
}

function remembered(): Remembered {
  try {
    const value = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null') as Partial<Remembered> | null;
    return {
      camera: typeof value?.camera === 'string' ? value.camera : DEFAULT_DEVICE,
      microphone: typeof value?.microphone === 'string' ? value.microphone : DEFAULT_DEVICE,
      systemAudio: typeof value?.systemAudio === 'boolean' ? value.systemAudio : true,
    };
  } catch {
    return { camera: DEFAULT_DEVICE, microphone: DEFAULT_DEVICE, systemAudio: true };
  }
}

const deviceIdOf = (stream: MediaStream | null): string | undefined => stream?.getTracks()[0]?.getSettings().deviceId;

/** Keeps one stream open for the chosen device id; reopens when the choice changes. */
function useDeviceStream(
  id: string,
  open: (deviceId: string | null) => Promise<MediaStream>,
  onOpened: (stream: MediaStream) => void,
): { stream: MediaStream | null; error: string | null; whenOpen: (timeoutMs: number) => Promise<MediaStream | null> } {
  const [stream, setStream] = useState<MediaStream | null>(null);
  const [error, setError] = useState<string | null>(null);
  const current = useRef<MediaStream | null>(null);
  const opening = useRef(new DeviceOpening());

  useEffect(() => {
    if (id === NO_DEVICE) {
      stopStream(current.current);
      current.current = null;
      setStream(null);
      setError(null);
      return;
    }
    if (current.current && (id === DEFAULT_DEVICE || deviceIdOf(current.current) === id)) return;
    let cancelled = false;
    // followed until it has set current (or failed), so whenOpen sees its stream
    void opening.current.follow(
      open(id === DEFAULT_DEVICE ? null : id).then(
        (opened) => {
          if (cancelled) return stopStream(opened);
          stopStream(current.current);
          current.current = opened;
          setStream(opened);
          setError(null);
          onOpened(opened);
        },
        (e: unknown) => {
          if (!cancelled) setError(e instanceof Error ? e.message : String(e));
        },
      ),
    );
    return () => {
      cancelled = true;
    };
  }, [id, open, onOpened]);

  useEffect(
    () => () => {
      stopStream(current.current);
      current.current = null;
    },
    [],
  );

  const whenOpen = useCallback(async (timeoutMs: number) => {
    await opening.current.settled(timeoutMs);
    return current.current;
  }, []);

  return { stream, error, whenOpen };
}

export function useCaptureDevices(): CaptureDevices {
  const [choice, setChoice] = useState<Remembered>(remembered);
  const [devices, setDevices] = useState<DeviceList>({ cameras: [], microphones: [] });

  const refresh = useCallback(() => {
    listDevices().then(setDevices, () => undefined);
  }, []);

  useEffect(() => {
    refresh();
    navigator.mediaDevices?.addEventListener('devicechange', refresh);
    return () => navigator.mediaDevices?.removeEventListener('devicechange', refresh);
  }, [refresh]);

  useEffect(() => {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(choice));
  }, [choice]);

  // Once a default device is open we know its id: show it as chosen, and labels become readable.
  const cameraOpened = useCallback(
    (stream: MediaStream) => {
      const id = deviceIdOf(stream);
      if (id) setChoice((c) => (c.camera === DEFAULT_DEVICE ? { ...c, camera: id } : c));
      refresh();
    },
    [refresh],
  );
  const microphoneOpened = useCallback(
    (stream: MediaStream) => {
      const id = deviceIdOf(stream);
      if (id) setChoice((c) => (c.microphone === DEFAULT_DEVICE ? { ...c, microphone: id } : c));
      refresh();
    },
    [refresh],
  );

  const camera = useDeviceStream(choice.camera, openCamera, cameraOpened);
  const microphone = useDeviceStream(choice.microphone, openMicrophone, microphoneOpened);

  return {
    devices,
    cameraId: choice.camera,
    microphoneId: choice.microphone,
    systemAudio: choice.systemAudio,
    camera: camera.stream,
    microphone: microphone.stream,
    cameraError: camera.error,
    microphoneError: microphone.error,
    setCameraId: (id) => setChoice((c) => ({ ...c, camera: id })),
    setMicrophoneId: (id) => setChoice((c) => ({ ...c, microphone: id })),
    setSystemAudio: (on) => setChoice((c) => ({ ...c, systemAudio: on })),
    whenOpen: async (timeoutMs) => {
      const [cameraStream, microphoneStream] = await Promise.all([camera.whenOpen(timeoutMs), microphone.whenOpen(timeoutMs)]);
      return { camera: cameraStream, microphone: microphoneStream };
    },
  };
}
