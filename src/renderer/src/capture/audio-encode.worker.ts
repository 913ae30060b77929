// The live variant's AAC encoder, off the page's main thread (see audio-encode-protocol.ts). mediabunny
// encodes through an Output whose file is thrown away; the packets go back to the live encoder, which
// muxes them into the HLS segments next to the video.
import { registerAacEncoder } from '@mediabunny/aac-encoder';
import { AudioSample, AudioSampleSource, Mp4OutputFormat, NullTarget, Output, Quality, canEncodeAudio } from 'mediabunny';
import type { FromAudioWorker, ToAudioWorker } from './audio-encode-protocol';

interface WorkerScope {
  onmessage: ((event: MessageEvent<ToAudioWorker>) => void) | null;
  postMessage(message: FromAudioWorker, transfer?: Transferable[]): void;
}

registerAacEncoder();
const scope = self as unknown as WorkerScope;
let output: Output | null = null;
let source: AudioSampleSource | null = null;
let chain: Promise<void> = Promise.resolve();
let failed = false;

scope.onmessage = (event) => {
  const message = event.data;
  chain = chain.then(() => handle(message)).catch(fail);
};

async function handle(message: ToAudioWorker): Promise<void> {
  if (failed) return;
  if (message.type === 'start') {
    if (!(await canEncodeAudio('aac'))) throw new Error('AAC encoding is unavailable in this browser');
    output = new Output({ format: new Mp4OutputFormat({ fastStart: 'fragmented' }), target: new NullTarget() });
    source = new AudioSampleSource({
      codec: 'aac',
      quality: new Quality({ bitrate: message.bitrate }),
      onEncodedPacket: (packet, meta) => {
        const data = packet.data.slice();
        scope.postMessage({ type: 'packet', data, timestampSec: packet.timestamp, durationSec: packet.duration, decoderConfig: meta?.decoderConfig ?? null }, [data.buffer]);
      },
    });
    output.addAudioTrack(source);
    await output.start();
    scope.postMessage({ type: 'started' });
  } else if (message.type === 'audio') {
    if (!source) throw new Error('audio arrived before the encoder started');
    const sample = new AudioSample({
      data: message.samples,
      format: 'f32-planar',
      numberOfChannels: message.channels,
      sampleRate: message.sampleRate,
      timestamp: message.startSec,
    });
    try {
      await source.add(sample);
    } finally {
      sample.close();
    }
  } else {
    source?.close();
    await output?.finalize();
    scope.postMessage({ type: 'ended' });
  }
}

function fail(error: unknown): void {
  if (failed) return;
  failed = true;
  scope.postMessage({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
}
