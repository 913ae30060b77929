// Camera, microphone, system audio, and where the camera bubble goes.
import { useId, type ReactNode } from 'react';
import type { RecorderSettings } from '../../../../shared/settings';
import { BubbleFields } from './BubbleFields';
import { NO_DEVICE, type CaptureDevices } from './useCaptureDevices';
import { MicLevel } from './MicLevel';

export interface SourcePickerProps {
  devices: CaptureDevices;
  settings: RecorderSettings;
  onSettings: (patch: Partial<RecorderSettings>) => void;
  /** devices cannot change once capture began (the camera can: the bubble follows) */
  lockMicrophone: boolean;
}

export function SourcePicker({ devices, settings, onSettings, lockMicrophone }: SourcePickerProps): ReactNode {
  const id = useId();
  const cameraChoices = withCurrent(devices.devices.cameras, devices.cameraId, 'Camera');
  const micChoices = withCurrent(devices.devices.microphones, devices.microphoneId, 'Microphone');
  const noCamera = devices.cameraId === NO_DEVICE;

  return (
    <div className="source-picker">
      <div className="field">
        <label htmlFor={`${id}-camera`}>Camera</label>
        <select id={`${id}-camera`} value={devices.cameraId} onChange={(e) => devices.setCameraId(e.target.value)}>
          <option value={NO_DEVICE}>No camera</option>
          {cameraChoices.map((d) => (
            <option key={d.id} value={d.id}>
              {d.label}
            </option>
          ))}
        </select>
        {devices.cameraError && (
          <p className="field-error" role="alert">
            Camera unavailable: {devices.cameraError}
          </p>
        )}
      </div>

      <div className="field">
        <label htmlFor={`${id}-mic`}>Microphone</label>
        <select
          id={`${id}-mic`}
          value={devices.microphoneId}
          disabled={lockMicrophone}
          onChange={(e) => devices.setMicrophoneId(e.target.value)}
        >
          <option value={NO_DEVICE}>No microphone</option>
          {micChoices.map((d) => (
            <option key={d.id} value={d.id}>
              {d.label}
            </option>
          ))}
        </select>
        {devices.microphone && <MicLevel stream={devices.microphone} />}
        {devices.microphoneError && (
          <p className="field-error" role="alert">
            Microphone unavailable: {devices.microphoneError}
          </p>
        )}
      </div>

      <label className="check">
        <input
          type="checkbox"
          checked={devices.systemAudio}
          disabled={lockMicrophone}
          onChange={(e) => devices.setSystemAudio(e.target.checked)}
        />
        Record computer sound
      </label>

      <fieldset className="bubble-fields" disabled={noCamera}>
        <legend>Camera bubble</legend>
        <BubbleFields id={id} settings={settings} onChange={onSettings} />
      </fieldset>
    </div>
  );
}

/** The device list, plus the chosen device when the list does not know it yet. */
function withCurrent(list: readonly { id: string; label: string }[], current: string, noun: string): { id: string; label: string }[] {
  if (current === NO_DEVICE || current === '' || list.some((d) => d.id === current)) return [...list];
  return [...list, { id: current, label: `${noun} (in use)` }];
}
