// The choices offered for the camera bubble. Sizes are fractions of the picture's height.
import type { CameraCorner } from '../../../../shared/settings';

export const CORNER_OPTIONS: readonly { value: CameraCorner; label: string }[] = [
  { value: 'bottom-left', label: 'Bottom left' },
  { value: 'bottom-right', label: 'Bottom right' },
  { value: 'top-left', label: 'Top left' },
  { value: 'top-right', label: 'Top right' },
];

export const SIZE_OPTIONS: readonly { value: number; label: string }[] = [
  { value: 0.18, label: 'Small' },
  { value: 0.25, label: 'Medium' },
  { value: 0.35, label: 'Large' },
  { value: 0.5, label: 'Extra large' },
];

/** The offered size nearest to a stored one (settings may hold any value in 0.1..0.5). */
export function nearestSize(size: number): number {
  let best = SIZE_OPTIONS[0]!.value;
  for (const option of SIZE_OPTIONS) if (Math.abs(option.value - size) < Math.abs(best - size)) best = option.value;
  return best;
}
