// A small live level meter, so the user sees the microphone hears them before recording.
import { useEffect, useRef, type ReactNode } from 'react';

export function MicLevel({ stream }: { stream: MediaStream }): ReactNode {
  const bar = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const context = new AudioContext();
    const analyser = context.createAnalyser();
    analyser.fftSize = 256;
    const source = context.createMediaStreamSource(stream);
    source.connect(analyser);
    const samples = new Float32Array(analyser.fftSize);
    let frame = 0;
    const draw = () => {
      analyser.getFloatTimeDomainData(samples);
      let peak = 0;
      for (const v of samples) peak = Math.max(peak, Math.abs(v));
      // perceptual-ish: quiet speech should move the bar visibly
      bar.current?.style.setProperty('--level', String(Math.min(1, Math.sqrt(peak) * 1.2)));
      frame = requestAnimationFrame(draw);
    };
    frame = requestAnimationFrame(draw);
    return () => {
      cancelAnimationFrame(frame);
      source.disconnect();
      void context.close();
    };
  }, [stream]);

  return (
    <div className="mic-level" aria-hidden="true">
      <div ref={bar} className="mic-level-bar" />
    </div>
  );
}
