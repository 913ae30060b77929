// The viewer's volume and mute, remembered across links on this origin (localStorage).
export const VOLUME_KEY = 'reelay.viewer.volume';

export interface SavedVolume {
  /** 0..1, or null when nothing usable was saved */
  volume: number | null;
  muted: boolean;
}

/** What a stored value says; anything unreadable is "nothing saved". */
export function parseSavedVolume(text: string | null): SavedVolume {
  let saved: unknown;
  try {
    saved = JSON.parse(text ?? 'null');
  } catch {
    return { volume: null, muted: false };
  }
  if (typeof saved !== 'object' || saved === null) return { volume: null, muted: false };
  const { volume, muted } = saved as { volume?: unknown; muted?: unknown };
  return {
    volume: typeof volume === 'number' && volume >= 0 && volume <= 1 ? volume : null,
    muted: muted === true,
  };
}

export function serializeVolume(volume: number, muted: boolean): string {
  return JSON.stringify({ volume, muted });
}
