// The camera bubble's corner and size, in the recorder panel and in Settings alike.
import type { ReactNode } from 'react';
import type { CameraCorner, RecorderSettings } from '../../../../shared/settings';
import { CORNER_OPTIONS, SIZE_OPTIONS, nearestSize } from './bubble-options';

export function BubbleFields({ id, settings, onChange }: { id: string; settings: RecorderSettings; onChange: (patch: Partial<RecorderSettings>) => void }): ReactNode {
  return (
    <>
      <div className="field">
        <label htmlFor={`${id}-corner`}>Camera corner</label>
        <select id={`${id}-corner`} value={settings.cameraCorner} onChange={(e) => onChange({ cameraCorner: e.target.value as CameraCorner })}>
          {CORNER_OPTIONS.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-size`}>Camera size</label>
        <select id={`${id}-size`} value={String(nearestSize(settings.cameraSize))} onChange={(e) => onChange({ cameraSize: Number(e.target.value) })}>
          {SIZE_OPTIONS.map((o) => (
            <option key={o.value} value={String(o.value)}>
              {o.label}
            </option>
          ))}
        </select>
      </div>
    </>
  );
}
