// The camera and microphone the next recording uses, open while the recorder shows (the camera for
// its preview bubble, the microphone for its level meter). The choice is remembered on this computer.
import { useCallback, useEffect, useRef, useState } from 'react';
import { listDevices, openCamera, openMicrophone, stopStream, type DeviceList } from '../../capture/sources';

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
): { stream: MediaStream | null; error: string | null } {
  const [stream, setStream] = useState<MediaStream | null>(null);
  const [error, setError] = useState<string | null>(null);
  const current = useRef<MediaStream | null>(null);

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

  return { stream, error };
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
  };
}
