// Mixes the microphone and the captured system audio into one track with WebAudio. Both encoders
// (MediaRecorder and the live AAC encoder) take this one track, so they hear the same thing.

export interface AudioMixInput {
  track: MediaStreamTrack;
  gain?: number;
  /** measure this input's own level too (levelOf), e.g. to notice a silent microphone */
  metered?: boolean;
}

/** samples an input meter looks back over (an AnalyserNode's fftSize: a power of two) */
const INPUT_METER_SAMPLES = 16_384;

function peakOf(analyser: AnalyserNode, samples: Float32Array<ArrayBuffer>): number {
  analyser.getFloatTimeDomainData(samples);
  let peak = 0;
  for (const v of samples) peak = Math.max(peak, Math.abs(v));
  return Math.min(1, peak);
}

export class AudioMix {
  readonly track: MediaStreamTrack;
  readonly channelCount: number;
  private readonly context: AudioContext;
  private readonly analyser: AnalyserNode;
  private readonly levels: Float32Array<ArrayBuffer>;
  private readonly inputMeters = new Map<MediaStreamTrack, { analyser: AnalyserNode; samples: Float32Array<ArrayBuffer> }>();
  private closed = false;

  /** Needs at least one input. Stereo when system audio is mixed in, mono for a microphone alone. */
  constructor(inputs: readonly AudioMixInput[], options: { stereo: boolean }) {
    if (inputs.length === 0) throw new Error('an audio mix needs at least one input');
    this.context = new AudioContext({ latencyHint: 'interactive' });
    this.channelCount = options.stereo ? 2 : 1;
    const destination = this.context.createMediaStreamDestination();
    destination.channelCount = this.channelCount;
    this.analyser = this.context.createAnalyser();
    this.analyser.fftSize = 512;
    this.levels = new Float32Array(this.analyser.fftSize);
    for (const input of inputs) {
      const source = this.context.createMediaStreamSource(new MediaStream([input.track]));
      const gain = this.context.createGain();
      gain.gain.value = input.gain ?? 1;
      source.connect(gain).connect(destination);
      gain.connect(this.analyser);
      if (input.metered) {
        // ~0.34 s at 48 kHz: read a few times a second, each reading covers all the sound since the
        // one before, so a short word between two readings is not missed
        const analyser = this.context.createAnalyser();
        analyser.fftSize = INPUT_METER_SAMPLES;
        source.connect(analyser);
        this.inputMeters.set(input.track, { analyser, samples: new Float32Array(analyser.fftSize) });
      }
    }
    const [track] = destination.stream.getAudioTracks();
    if (!track) throw new Error('WebAudio gave no output track');
    this.track = track;
  }

  get sampleRate(): number {
    return this.context.sampleRate;
  }

  /** An AudioContext made outside a user gesture starts suspended. */
  async resume(): Promise<void> {
    if (this.context.state === 'suspended') await this.context.resume();
  }

  /** Peak level of the mix right now, 0..1, for a meter. */
  level(): number {
    return peakOf(this.analyser, this.levels);
  }

  /** Peak level of one metered input right now, 0..1, before its gain; null if it is not metered. */
  levelOf(track: MediaStreamTrack): number | null {
    const meter = this.inputMeters.get(track);
    return meter ? peakOf(meter.analyser, meter.samples) : null;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.track.stop();
    void this.context.close().catch(() => undefined);
  }
}
