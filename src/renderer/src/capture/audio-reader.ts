// Reads the audio data of a track as it is captured (Chromium's MediaStreamTrackProcessor).

interface AudioTrackProcessor {
  readonly readable: ReadableStream<AudioData>;
}
type AudioTrackProcessorConstructor = new (init: { track: MediaStreamTrack }) => AudioTrackProcessor;

/** Calls onData for every chunk (borrowed: it is closed right after). Returns a stop function. */
export function readAudio(track: MediaStreamTrack, onData: (data: AudioData) => void): () => void {
  const Processor = (globalThis as { MediaStreamTrackProcessor?: AudioTrackProcessorConstructor }).MediaStreamTrackProcessor;
  if (!Processor) throw new Error('MediaStreamTrackProcessor is not available in this browser');
  const reader = new Processor({ track }).readable.getReader();
  let stopped = false;
  void (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        try {
          if (!stopped) onData(value);
        } finally {
          value.close();
        }
      }
    } catch {
      // the track ended or we stopped reading
    }
  })();
  return () => {
    stopped = true;
    reader.cancel().catch(() => undefined);
  };
}
