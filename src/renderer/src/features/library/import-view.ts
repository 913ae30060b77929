// How the library words an import: the upload, the check, the first version being made. Pure.
import type { ImportProgress } from '../../../../shared/import';
import { formatBytes, formatDuration, type ProgressLine } from './format';

/** an upload from this page: its bytes sent, then the server's check */
export interface UploadState {
  name: string;
  sent: number;
  total: number;
  phase: 'uploading' | 'checking';
}

export function uploadStateLine(u: UploadState): ProgressLine {
  if (u.phase === 'checking') return { text: `Checking "${u.name}"…`, fraction: null, tone: 'normal' };
  const fraction = u.total > 0 ? u.sent / u.total : 0;
  return { text: `Uploading "${u.name}": ${Math.floor(fraction * 100)}% (${formatBytes(u.sent)} of ${formatBytes(u.total)})`, fraction, tone: 'normal' };
}

/** the card's line while an imported video's first version is made */
export function importingLine(p: ImportProgress): ProgressLine {
  const pct = Math.floor(p.progress * 100);
  const eta = p.etaSeconds !== null && p.etaSeconds > 0 ? `, about ${formatDuration(p.etaSeconds * 1000)} left` : '';
  return { text: `Importing: ${pct}%${eta}`, fraction: p.progress, tone: 'normal' };
}

/** what a failed import says: the server's own words (they name the problem) */
export function importError(name: string, message: string): string {
  return `Could not import "${name}": ${message.replace(new RegExp(`^"${escapeRegExp(name)}" `), 'it ')}`;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
