// The viewer's playback speed, remembered across links on this origin (localStorage), like the volume.
import { SPEEDS } from './keyboard';

export const SPEED_KEY = 'reelay.viewer.speed';

/** The speed a stored value names, or null when it names none of the menu's speeds. */
export function parseSavedSpeed(text: string | null): number | null {
  const speed = Number(text);
  return text !== null && SPEEDS.some((s) => s === speed) ? speed : null;
}

export function serializeSpeed(speed: number): string {
  return String(speed);
}
