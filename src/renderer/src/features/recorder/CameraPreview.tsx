// The stage: a 16:9 stand-in for the screen with the live camera bubble where it will be recorded.
import { useEffect, useRef, type CSSProperties, type ReactNode } from 'react';
import type { RecorderSettings } from '../../../../shared/settings';

export interface CameraPreviewProps {
  camera: MediaStream | null;
  settings: RecorderSettings;
  /** what the screen area says */
  label: string;
  children?: ReactNode;
}

export function CameraPreview({ camera, settings, label, children }: CameraPreviewProps): ReactNode {
  const video = useRef<HTMLVideoElement>(null);

  useEffect(() => {
    const el = video.current;
    if (!el) return;
    el.srcObject = camera;
    if (camera) void el.play().catch(() => undefined);
  }, [camera]);

  return (
    <div className="stage">
      <div className="stage-screen" aria-hidden="true">
        <span>{label}</span>
      </div>
      {camera && (
        <div
          className={`bubble bubble-${settings.cameraCorner}`}
          style={{ '--bubble-size': String(settings.cameraSize) } as CSSProperties}
        >
          <video ref={video} muted playsInline autoPlay aria-label="Camera preview" />
        </div>
      )}
      {children}
    </div>
  );
}
