// Where the camera bubble sits in the recorded picture.
import type { CameraCorner } from '../../../shared/settings';

export interface BubbleLayout {
  corner: CameraCorner;
  /** diameter as a fraction of the output height (of the shorter side for portrait screens) */
  size: number;
}

export interface BubbleRect {
  /** top-left corner and diameter in output pixels; all even so 4:2:0 chroma lines up */
  x: number;
  y: number;
  diameter: number;
}

/** Margin from the picture's edges, as a fraction of its shorter side. */
export const BUBBLE_MARGIN = 0.03;

const evenDown = (n: number): number => 2 * Math.floor(n / 2);

export function bubbleRect(output: { width: number; height: number }, layout: BubbleLayout): BubbleRect {
  const short = Math.min(output.width, output.height);
  const margin = evenDown(short * BUBBLE_MARGIN);
  const fraction = Math.min(0.5, Math.max(0.05, layout.size));
  const diameter = Math.max(2, Math.min(evenDown(short * fraction), evenDown(short - 2 * margin)));
  const left = layout.corner.endsWith('left');
  const top = layout.corner.startsWith('top');
  return {
    x: left ? margin : evenDown(output.width - margin - diameter),
    y: top ? margin : evenDown(output.height - margin - diameter),
    diameter,
  };
}

/** The centred square of a camera picture that fills the round bubble. */
export function centerSquare(width: number, height: number): { sx: number; sy: number; side: number } {
  const side = Math.min(width, height);
  return { sx: Math.floor((width - side) / 2), sy: Math.floor((height - side) / 2), side };
}
