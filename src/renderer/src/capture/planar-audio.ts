// Planar audio (channel after channel, as AudioData's f32-planar copies it): small helpers.

/** The first `frames` frames of each channel of `total`-frame planar audio. */
export function cutPlanar(samples: Float32Array, channels: number, total: number, frames: number): Float32Array {
  if (frames > total || frames < 0) throw new RangeError(`cannot cut ${frames} of ${total} frames`);
  if (samples.length !== channels * total) throw new RangeError('samples do not match channels x frames');
  const out = new Float32Array(frames * channels);
  for (let c = 0; c < channels; c++) out.set(samples.subarray(c * total, c * total + frames), c * frames);
  return out;
}
