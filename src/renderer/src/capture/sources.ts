// The devices a recording captures from: the screen (with its audio when the system offers it),
// a camera and a microphone.

/** Frame rate we ask the screen for: smooth enough for screen content, affordable on a laptop. */
export const SCREEN_FRAME_RATE = 30;

/**
 * The tallest screen picture we record, by what this computer can encode in real time next to the
 * live variant (software VP9; measured: 1080p30 master + 720p live + camera ≈ 0.7 of 2 cores).
 * Larger screens are scaled down by the browser, aspect ratio kept.
 */
export function maxCaptureHeight(cores: number): number {
  if (cores >= 8) return 2160;
  if (cores >= 4) return 1440;
  return 1080;
}

export async function captureScreen(options: { systemAudio: boolean; maxHeight?: number }): Promise<MediaStream> {
  const maxHeight = options.maxHeight ?? maxCaptureHeight(navigator.hardwareConcurrency || 2);
  const constraints: DisplayMediaStreamOptions & Record<string, unknown> = {
    video: {
      frameRate: { ideal: SCREEN_FRAME_RATE, max: 60 },
      // Both bounds by the height budget, so a portrait or ultrawide screen keeps its detail.
      width: { max: Math.round((maxHeight * 16) / 9) },
      height: { max: maxHeight },
    },
    audio: options.systemAudio,
    // Chromium hints: offer system audio, and keep our own window out of the picker.
    systemAudio: options.systemAudio ? 'include' : 'exclude',
    selfBrowserSurface: 'exclude',
    surfaceSwitching: 'include',
  };
  return navigator.mediaDevices.getDisplayMedia(constraints);
}

export async function openCamera(deviceId: string | null): Promise<MediaStream> {
  return navigator.mediaDevices.getUserMedia({
    video: {
      ...(deviceId ? { deviceId: { exact: deviceId } } : {}),
      width: { ideal: 1280 },
      height: { ideal: 720 },
      frameRate: { ideal: 30 },
    },
  });
}

export async function openMicrophone(deviceId: string | null): Promise<MediaStream> {
  return navigator.mediaDevices.getUserMedia({
    audio: {
      ...(deviceId ? { deviceId: { exact: deviceId } } : {}),
      echoCancellation: true,
      noiseSuppression: true,
      autoGainControl: true,
    },
  });
}

export interface DeviceList {
  cameras: { id: string; label: string }[];
  microphones: { id: string; label: string }[];
}

/** Labels stay empty until the user allowed the camera or microphone once. */
export async function listDevices(): Promise<DeviceList> {
  const devices = await navigator.mediaDevices.enumerateDevices();
  const of = (kind: MediaDeviceKind, noun: string) =>
    devices
      .filter((d) => d.kind === kind && d.deviceId !== '')
      .map((d, i) => ({ id: d.deviceId, label: d.label || `${noun} ${i + 1}` }));
  return { cameras: of('videoinput', 'Camera'), microphones: of('audioinput', 'Microphone') };
}

export function stopStream(stream: MediaStream | null | undefined): void {
  for (const track of stream?.getTracks() ?? []) track.stop();
}
