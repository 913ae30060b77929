// What the recorder needs from the browser. Electron and Chromium-based browsers have all of it;
// others lack MediaStreamTrackProcessor/Generator (the compositor and the encoders' feed).

export function missingCapabilities(scope: Record<string, unknown> = globalThis as unknown as Record<string, unknown>): string[] {
  const missing: string[] = [];
  const nav = scope['navigator'] as { mediaDevices?: { getDisplayMedia?: unknown } } | undefined;
  if (typeof nav?.mediaDevices?.getDisplayMedia !== 'function') missing.push('screen capture (getDisplayMedia)');
  for (const name of ['MediaStreamTrackProcessor', 'MediaStreamTrackGenerator', 'VideoEncoder', 'VideoFrame', 'MediaRecorder', 'AudioContext']) {
    if (typeof scope[name] !== 'function') missing.push(name);
  }
  return missing;
}
