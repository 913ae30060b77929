// The live encoder's side of the AAC worker: chunks go out (fire and forget, in order), packets come
// back through onPacket, end() resolves once the last packet is in.
import AudioEncodeWorker from './audio-encode.worker?worker&inline';
import type { FromAudioWorker, ToAudioWorker } from './audio-encode-protocol';
import type { AudioChunk } from './audio-gate';

export interface AudioPacket {
  data: Uint8Array;
  timestampSec: number;
  durationSec: number;
  decoderConfig: AudioDecoderConfig | null;
}

export class AudioEncodeClient {
  private readonly worker: Worker;
  private started: { resolve: () => void; reject: (e: Error) => void } | null = null;
  private ended: { resolve: () => void; reject: (e: Error) => void } | null = null;
  private error: Error | null = null;
  /** end of the audio sent so far (seconds), to tell how far the worker is behind */
  sentUntilSec: number | null = null;

  constructor(
    private readonly onPacket: (packet: AudioPacket) => void,
    private readonly onError: (error: Error) => void,
  ) {
    this.worker = new AudioEncodeWorker();
    this.worker.onmessage = (event: MessageEvent<FromAudioWorker>) => this.receive(event.data);
    this.worker.onerror = (event) => this.failed(new Error(`the audio encoder stopped: ${event.message || 'worker error'}`));
  }

  start(bitrate: number): Promise<void> {
    return new Promise((resolve, reject) => {
      this.started = { resolve, reject };
      this.post({ type: 'start', bitrate });
    });
  }

  send(chunk: AudioChunk): void {
    if (this.error) return;
    this.sentUntilSec = chunk.startSec + chunk.frames / chunk.sampleRate;
    const { startSec, frames, channels, sampleRate, samples } = chunk;
    this.post({ type: 'audio', startSec, frames, channels, sampleRate, samples }, [samples.buffer]);
  }

  /** Flushes the encoder; resolves after the last packet was handed to onPacket. */
  end(): Promise<void> {
    if (this.error) return Promise.reject(this.error);
    return new Promise((resolve, reject) => {
      this.ended = { resolve, reject };
      this.post({ type: 'end' });
    });
  }

  terminate(): void {
    this.worker.terminate();
  }

  private post(message: ToAudioWorker, transfer: Transferable[] = []): void {
    this.worker.postMessage(message, transfer);
  }

  private receive(message: FromAudioWorker): void {
    if (message.type === 'packet') this.onPacket(message);
    else if (message.type === 'started') this.started?.resolve();
    else if (message.type === 'ended') this.ended?.resolve();
    else this.failed(new Error(message.message));
  }

  private failed(error: Error): void {
    if (this.error) return;
    this.error = error;
    this.started?.reject(error);
    this.ended?.reject(error);
    this.onError(error);
  }
}
