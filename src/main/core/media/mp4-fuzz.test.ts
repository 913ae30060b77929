// Property-based tests (fast-check) of the MP4 and fMP4 readers. Whatever the bytes (random, random box
// trees, valid boxes truncated or with their sizes changed), a reader returns a result or throws
// Mp4FormatError: never a RangeError or TypeError from a read past the end, never an endless loop.
// Valid boxes read the same whatever their header form (32-bit size, 64-bit size, size 0 for the last
// box), and fragments read back exactly what the fragment writer wrote.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { childBoxes, findBox, fragmentStarts, Mp4FormatError, readTracks, topLevelTypes, videoStartSec, type TrackInfo } from './mp4';
import { topLevelTypesOfFile } from './mp4-file';
import { editMediaTime, endVideoWithAudio, firstSequence, mergeInits, readFragments, trackDefaults, writeFragment, type TrackRun } from './fmp4';

// ---- a box tree and its bytes ---------------------------------------------------------------------

interface Node {
  type: string;
  /** a container's own fields before its child boxes (a sample entry's 78 or 28 bytes, stsd's 8) */
  fields?: readonly number[];
  children?: readonly Node[];
  /** a leaf's payload */
  payload?: readonly number[];
}
/** how each box's header is written: 32-bit size, 64-bit size (size field 1), or size 0 ("to the end of the parent") */
type HeaderForm = 'compact' | 'large' | 'zero';

const u16 = (n: number): number[] => [(n >> 8) & 255, n & 255];
const u32 = (n: number): number[] => [(n >>> 24) & 255, (n >> 16) & 255, (n >> 8) & 255, n & 255];
const u64 = (n: bigint): number[] => [...u32(Number((n >> 32n) & 0xffffffffn)), ...u32(Number(n & 0xffffffffn))];
const ascii = (s: string): number[] => [...s].map((c) => c.charCodeAt(0));
const zeros = (n: number): number[] => new Array<number>(n).fill(0);
const full = (version: number, flags = 0): number[] => [version, ...u32(flags).slice(1)];
const leaf = (type: string, ...payload: number[][]): Node => ({ type, payload: payload.flat() });
const node = (type: string, ...children: Node[]): Node => ({ type, children });

/**
 * The bytes of a list of sibling boxes. `forms` picks each box's header in turn (cycled); 'zero' is
 * only for the last box of its parent, where it means the same as its real size.
 */
function serialize(nodes: readonly Node[], forms: readonly HeaderForm[] = ['compact']): Uint8Array {
  let next = 0;
  const write = (siblings: readonly Node[]): number[] =>
    siblings.flatMap((n, i) => {
      let form = forms[next++ % forms.length]!;
      if (form === 'zero' && i !== siblings.length - 1) form = 'compact';
      const body = [...(n.fields ?? []), ...(n.children ? write(n.children) : (n.payload ?? []))];
      if (form === 'large') return [...u32(1), ...ascii(n.type), ...u64(BigInt(16 + body.length)), ...body];
      return [...u32(form === 'zero' ? 0 : 8 + body.length), ...ascii(n.type), ...body];
    });
  return new Uint8Array(write(nodes));
}

/** the offset of every box header in a tree's bytes (written compact), for mutations that aim at sizes */
function headerOffsets(nodes: readonly Node[]): number[] {
  const out: number[] = [];
  const walk = (siblings: readonly Node[], at: number): number => {
    for (const n of siblings) {
      out.push(at);
      const inner = at + 8 + (n.fields?.length ?? 0);
      const end = n.children ? walk(n.children, inner) : inner + (n.payload?.length ?? 0);
      at = end;
    }
    return at;
  };
  walk(nodes, 0);
  return out;
}

// ---- valid structures, as ffmpeg and mediabunny write them ------------------------------------------

function trak(id: number, handler: string, timescale: number, entry: Node, version: 0 | 1 = 0): Node {
  const times = version === 1 ? zeros(16) : zeros(8);
  return node(
    'trak',
    leaf('tkhd', full(version, 3), times, u32(id), zeros(68)),
    node(
      'mdia',
      leaf('mdhd', full(version), times, u32(timescale), zeros(version === 1 ? 12 : 8)),
      leaf('hdlr', full(0), zeros(4), ascii(handler), zeros(12), [0]),
      node('minf', node('stbl', { type: 'stsd', fields: [...full(0), ...u32(1)], children: [entry] })),
    ),
  );
}
const avc1: Node = { type: 'avc1', fields: [...zeros(6), ...u16(1), ...zeros(16), ...u16(1920), ...u16(1080), ...zeros(78 - 28)], children: [leaf('avcC', [1, 0x64, 0x00, 0x28, 0xff, 0xe0, 0x00])] };
const esds = leaf('esds', full(0), [0x03, 25], u16(1), [0], [0x04, 17], [0x40, 0x15], zeros(11), [0x05, 2, 0x11, 0x90]);
const mp4a: Node = { type: 'mp4a', fields: [...zeros(6), ...u16(1), ...zeros(8), ...u16(2), ...u16(16), ...zeros(4), ...u32(48000 << 16)], children: [esds] };
const initTree = (v: 0 | 1): Node[] => [
  leaf('ftyp', ascii('iso5'), zeros(4)),
  node('moov', leaf('mvhd', zeros(100)), trak(1, 'vide', 15360, avc1, v), trak(2, 'soun', 48000, mp4a, v), node('mvex', leaf('trex', full(0), u32(1), u32(1), u32(512), u32(0), u32(0x01010000)), leaf('trex', full(0), u32(2), u32(1), u32(1024), u32(0), u32(0)))),
];
const INIT_TRACKS: TrackInfo[] = [
  { id: 1, kind: 'video', timescale: 15360, codec: 'avc1.640028', width: 1920, height: 1080, sampleRate: null, channels: null },
  { id: 2, kind: 'audio', timescale: 48000, codec: 'mp4a.40.2', width: null, height: null, sampleRate: 48000, channels: 2 },
];
const traf = (id: number, v: 0 | 1, time: bigint): Node =>
  node('traf', leaf('tfhd', full(0, 0x020000), u32(id)), leaf('tfdt', full(v), v === 1 ? u64(time) : u32(Number(time))), leaf('trun', full(0), u32(0)));
const segmentTree = (v: 0 | 1): Node[] => [leaf('styp', ascii('msdh')), node('moof', leaf('mfhd', full(0), u32(2)), traf(1, v, 30720n), traf(2, v, 97280n)), leaf('mdat', zeros(16))];

const headerForms = fc.array(fc.constantFrom<HeaderForm>('compact', 'large', 'zero'), { minLength: 1, maxLength: 12 });

// ---- arbitrary bytes ---------------------------------------------------------------------------------

const CONTAINERS: Record<string, number> = { moov: 0, trak: 0, mdia: 0, minf: 0, stbl: 0, mvex: 0, moof: 0, traf: 0, stsd: 8, avc1: 78, avc3: 78, mp4a: 28 };
const LEAVES = ['tkhd', 'mdhd', 'hdlr', 'avcC', 'esds', 'tfhd', 'tfdt', 'trun', 'trex', 'mfhd', 'mvhd', 'ftyp', 'styp', 'mdat', 'free', 'Opus'];
/** payload bytes: random, or the few values that steer the readers (versions, flags, descriptor tags) */
const payloadBytes = (maxLength: number): fc.Arbitrary<number[]> =>
  fc.array(fc.oneof(fc.integer({ min: 0, max: 255 }), fc.constantFrom(0, 1, 0x02, 0x03, 0x04, 0x05, 0x40, 0x80, 0xff)), { maxLength });
/** random box trees of the types the readers look for, each box with a random header form */
const { tree } = fc.letrec<{ tree: Node[]; box: Node }>((tie) => ({
  box: fc.oneof(
    { depthSize: 'small' },
    fc.record({ type: fc.constantFrom(...LEAVES), payload: fc.oneof(payloadBytes(40), payloadBytes(200)) }),
    fc.constantFrom(...Object.keys(CONTAINERS)).chain((type) =>
      fc.record({ type: fc.constant(type), fields: payloadBytes(CONTAINERS[type]!).map((f) => [...f, ...zeros(CONTAINERS[type]! - f.length)]), children: tie('tree') }),
    ),
  ),
  tree: fc.array(tie('box'), { maxLength: 4 }),
}));

type Mutation =
  | { kind: 'truncate'; at: number }
  | { kind: 'byte'; at: number; value: number }
  | { kind: 'size'; box: number; value: { set: number } | { add: number } | 'large' | 'zero' }
  | { kind: 'insert'; at: number; bytes: number[] }
  | { kind: 'delete'; at: number; n: number };
const where = fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true });
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: where }),
  fc.record({ kind: fc.constant('byte' as const), at: where, value: fc.integer({ min: 0, max: 255 }) }),
  fc.record({
    kind: fc.constant('size' as const),
    box: fc.nat(),
    value: fc.oneof(
      fc.constantFrom<'large' | 'zero'>('large', 'zero'),
      fc.constantFrom(1, 7, 8, 9, 16, 0x7fffffff, 0xffffffff).map((set) => ({ set })),
      fc.integer({ min: -16, max: 16 }).map((add) => ({ add })),
    ),
  }),
  fc.record({ kind: fc.constant('insert' as const), at: where, bytes: payloadBytes(12) }),
  fc.record({ kind: fc.constant('delete' as const), at: where, n: fc.integer({ min: 1, max: 12 }) }),
);

/** a valid structure's bytes, changed: the size field a mutation aims at is a box's (found before any change) */
function mutate(tree: readonly Node[], mutations: readonly Mutation[]): Uint8Array {
  let bytes = Array.from(serialize(tree));
  const boxes = headerOffsets(tree);
  for (const m of mutations) {
    const at = (f: number): number => Math.floor(f * bytes.length);
    if (m.kind === 'truncate') bytes = bytes.slice(0, at(m.at));
    else if (m.kind === 'byte' && bytes.length > 0) bytes[at(m.at)] = m.value;
    else if (m.kind === 'insert') bytes.splice(at(m.at), 0, ...m.bytes);
    else if (m.kind === 'delete') bytes.splice(at(m.at), m.n);
    else if (m.kind === 'size') {
      if (boxes.length === 0) continue;
      const p = boxes[m.box % boxes.length]!;
      if (p + 8 > bytes.length) continue;
      const old = ((bytes[p]! << 24) >>> 0) + (bytes[p + 1]! << 16) + (bytes[p + 2]! << 8) + bytes[p + 3]!;
      // 'large': the size field says 1 and 8 bytes of 64-bit size follow the type (the old size, or a huge one)
      if (m.value === 'large') bytes.splice(p, 8, ...u32(1), ...bytes.slice(p + 4, p + 8), ...u64(BigInt(old) + (old % 3 === 0 ? 2n ** 62n : 8n)));
      else bytes.splice(p, 4, ...u32(m.value === 'zero' ? 0 : 'set' in m.value ? m.value.set : Math.max(0, old + m.value.add)));
    }
  }
  return new Uint8Array(bytes);
}

/**
 * A change to one box of a valid tree (the n-th, in document order) that keeps every size consistent.
 * 'cut-last' also drops every box after it, so that a read past its end is a read past the buffer's.
 */
type Edit = { box: number } & ({ kind: 'cut' | 'cut-last'; keep: number } | { kind: 'payload'; bytes: number[] } | { kind: 'drop' } | { kind: 'retype'; type: string });
const boxIndex = fc.nat({ max: 40 });
const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ box: boxIndex, kind: fc.constantFrom('cut' as const, 'cut-last' as const), keep: fc.nat({ max: 40 }) }),
  fc.record({ box: boxIndex, kind: fc.constant('payload' as const), bytes: payloadBytes(40) }),
  fc.record({ box: boxIndex, kind: fc.constant('drop' as const) }),
  fc.record({ box: boxIndex, kind: fc.constant('retype' as const), type: fc.constantFrom(...LEAVES, ...Object.keys(CONTAINERS)) }),
);
function editTree(tree: readonly Node[], e: Edit): Node[] {
  let count = 0;
  const all = (nodes: readonly Node[]): number => nodes.reduce((n, x) => n + 1 + all(x.children ?? []), 0);
  const target = e.box % Math.max(1, all(tree));
  const walk = (nodes: readonly Node[]): Node[] =>
    nodes.flatMap((n): Node[] => {
      const at = count++;
      if (at > target && e.kind === 'cut-last') return [];
      if (at === target) {
        if (e.kind === 'drop') return [];
        if (e.kind === 'retype') return [{ ...n, type: e.type }];
        // a box's own bytes (its fields and children, or its payload) cut short, or replaced
        const own = [...(n.fields ?? []), ...(n.children ? serialize(n.children) : (n.payload ?? []))];
        return [{ type: n.type, payload: e.kind === 'payload' ? e.bytes : own.slice(0, e.keep) }];
      }
      return n.children ? [{ ...n, children: walk(n.children) }] : [n];
    });
  return walk(tree);
}

const VALID: Record<string, Node[]> = {
  'init v0': initTree(0),
  'init v1': initTree(1),
  'segment v0': segmentTree(0),
  'segment v1': segmentTree(1),
  'init v0 + segment v1': [...initTree(0), ...segmentTree(1)],
};
/** the name of a valid structure (a counterexample prints its name, not its bytes) */
const validStructure = fc.constantFrom(...Object.keys(VALID));

/**
 * Where the bytes come from, as recipes: fast-check prints a failing recipe (short), and each source
 * gets its own run count. The edits reach the readers' field reads (a box too short for its fields);
 * the byte mutations reach the header checks (sizes that overrun, 64-bit sizes, size 0).
 */
const SOURCES: { name: string; runs: number; recipe: fc.Arbitrary<unknown>; bytes: (recipe: never) => Uint8Array }[] = [
  { name: 'random bytes', runs: 300, recipe: fc.uint8Array({ maxLength: 300 }), bytes: (b: Uint8Array) => b },
  { name: 'random box trees in any header form', runs: 400, recipe: fc.tuple(tree, headerForms), bytes: ([t, forms]: [Node[], HeaderForm[]]) => serialize(t, forms) },
  {
    name: 'valid boxes with bytes changed (sizes, 64-bit sizes, size 0, truncation, insertion, deletion)',
    runs: 500,
    recipe: fc.tuple(validStructure, fc.array(mutation, { minLength: 1, maxLength: 4 })),
    bytes: ([name, ms]: [string, Mutation[]]) => mutate(VALID[name]!, ms),
  },
  {
    name: 'valid boxes with a box cut short, emptied, dropped or renamed (sizes kept right), in any header form',
    runs: 1000,
    recipe: fc.tuple(validStructure, fc.array(edit, { minLength: 1, maxLength: 3 }), headerForms),
    bytes: ([name, edits, forms]: [string, Edit[], HeaderForm[]]) => serialize(edits.reduce(editTree, VALID[name]!), forms),
  },
  {
    name: 'valid boxes edited, then bytes changed',
    runs: 300,
    recipe: fc.tuple(validStructure, fc.array(edit, { minLength: 1, maxLength: 3 }), fc.array(mutation, { minLength: 1, maxLength: 2 })),
    bytes: ([name, edits, ms]: [string, Edit[], Mutation[]]) => mutate(edits.reduce(editTree, VALID[name]!), ms),
  },
  {
    name: 'valid boxes in any header form, cut anywhere',
    runs: 200,
    recipe: fc.tuple(validStructure, headerForms, where),
    bytes: ([name, forms, cut]: [string, HeaderForm[], number]) => {
      const bytes = serialize(VALID[name]!, forms);
      return bytes.subarray(0, Math.floor(cut * bytes.length));
    },
  },
];
const arbitraryBytes = fc.oneof(...SOURCES.map((src) => src.recipe.map((r) => src.bytes(r as never))));

/** the readers' contract: a result, or Mp4FormatError with a message; anything else fails the property */
function resultOrFormatError<T>(read: () => T): T | Mp4FormatError {
  try {
    return read();
  } catch (e) {
    if (!(e instanceof Mp4FormatError)) throw e;
    expect(e.message.length).toBeGreaterThan(0);
    return e;
  }
}

describe('MP4 reading (mp4.ts) on arbitrary bytes', () => {
  /** every reader of mp4.ts on the same bytes */
  function readAll(bytes: Uint8Array): void {
    const boxes = resultOrFormatError(() => childBoxes(bytes));
    if (!(boxes instanceof Mp4FormatError)) {
      // boxes tile their parent: each starts where the one before ended, none past the end
      let p = 0;
      for (const b of boxes) {
        expect(b.at).toBe(p);
        expect(b.start).toBeGreaterThan(b.at);
        expect(b.end).toBeGreaterThanOrEqual(b.start);
        expect(b.end).toBeLessThanOrEqual(bytes.byteLength);
        p = b.end;
      }
      expect(topLevelTypes(bytes)).toEqual(boxes.map((b) => b.type));
    }
    resultOrFormatError(() => findBox(bytes, ['moov', 'trak', 'mdia', 'minf', 'stbl', 'stsd']));
    resultOrFormatError(() => findBox(bytes, ['moof', 'traf', 'trun']));
    const tracks = resultOrFormatError(() => readTracks(bytes));
    resultOrFormatError(() => fragmentStarts(bytes));
    resultOrFormatError(() => videoStartSec(tracks instanceof Mp4FormatError ? INIT_TRACKS : tracks, bytes));
  }

  for (const src of SOURCES) {
    it(`childBoxes, findBox, topLevelTypes, readTracks, fragmentStarts, videoStartSec: a result or Mp4FormatError (${src.name})`, () => {
      fc.assert(
        fc.property(src.recipe, (recipe) => readAll(src.bytes(recipe as never))),
        { numRuns: src.runs },
      );
    });
  }

  it('the file reader agrees with the buffer reader: the same top-level types, or both Mp4FormatError', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'reelay-mp4-fuzz-'));
    try {
      let n = 0;
      await fc.assert(
        fc.asyncProperty(arbitraryBytes, async (bytes) => {
          const file = join(dir, `${n++}.mp4`);
          writeFileSync(file, bytes);
          const fromBuffer = resultOrFormatError(() => topLevelTypes(bytes));
          let fromFile: string[] | Mp4FormatError;
          try {
            fromFile = await topLevelTypesOfFile(file);
          } catch (e) {
            if (!(e instanceof Mp4FormatError)) throw e;
            fromFile = e;
          }
          if (fromBuffer instanceof Mp4FormatError) expect(fromFile).toBeInstanceOf(Mp4FormatError);
          else expect(fromFile).toEqual(fromBuffer);
        }),
        { numRuns: 150 },
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** the document-order index of the n-th box of a type in a tree (for edits aimed at a box by name) */
function boxNumber(tree: readonly Node[], type: string, nth = 0): number {
  const order: string[] = [];
  const walk = (nodes: readonly Node[]): void => nodes.forEach((n) => (order.push(n.type), walk(n.children ?? [])));
  walk(tree);
  const at = order.flatMap((t, i) => (t === type ? [i] : []))[nth];
  if (at === undefined) throw new Error(`no ${type} #${nth}`);
  return at;
}
/** a valid tree with one box cut to `keep` bytes and nothing after it: a read past that box is a read past the buffer */
const cutLast = (tree: readonly Node[], type: string, keep: number, nth = 0): Uint8Array => serialize(editTree(tree, { box: boxNumber(tree, type, nth), kind: 'cut-last', keep }));

// found by the properties above: each of these threw a RangeError (a DataView read past the buffer) or a
// TypeError (a byte past the end is undefined, then formatted as hex); a field read inside the next box
// instead went unnoticed. mp4.ts now checks each box is long enough for the fields it reads.
describe('MP4 reading (mp4.ts): regressions found by the properties', () => {
  it('readTracks: a sample entry, avcC or esds cut short at the end is an Mp4FormatError', () => {
    expect(() => readTracks(cutLast(initTree(0), 'avc1', 0))).toThrow(/avc1 box too short/); // was RangeError (width at 24)
    expect(() => readTracks(cutLast(initTree(0), 'mp4a', 20))).toThrow(/mp4a box too short/); // was RangeError (sample rate at 24)
    expect(() => readTracks(cutLast(initTree(0), 'avcC', 2))).toThrow(/avcC box too short/); // was TypeError (hex of undefined)
    // the esds holds 28 bytes; its descriptors are read up to the 27th
    for (let keep = 0; keep < 27; keep++) expect(() => readTracks(cutLast(initTree(0), 'esds', keep))).toThrow(/esds box too short/);
    expect(readTracks(cutLast(initTree(0), 'esds', 27))).toEqual(INIT_TRACKS);
  });

  it('readTracks: a tkhd or mdhd too short for its fields is an Mp4FormatError, not a read of the box after it', () => {
    const cut = (type: string, keep: number, v: 0 | 1 = 0): Uint8Array => serialize(editTree(initTree(v), { box: boxNumber(initTree(v), type), kind: 'cut', keep }));
    expect(() => readTracks(cut('tkhd', 15))).toThrow(/tkhd box too short/); // the track id was read from the mdia header
    expect(() => readTracks(cut('tkhd', 23, 1))).toThrow(/tkhd box too short/); // v1: the id is at 20
    expect(() => readTracks(cut('mdhd', 4))).toThrow(/mdhd box too short/);
    expect(readTracks(cut('tkhd', 16))).toEqual(INIT_TRACKS); // the fields it reads are all there
  });

  it('fragmentStarts: a tfdt or tfhd too short is an Mp4FormatError, also when the next box would have been read instead', () => {
    expect(() => fragmentStarts(cutLast(segmentTree(0), 'tfdt', 2, 1))).toThrow(/tfdt box too short/); // was RangeError
    expect(() => fragmentStarts(cutLast(segmentTree(1), 'tfdt', 8, 1))).toThrow(/tfdt box too short/); // v1: 64-bit time
    const shortTfhd = serialize(editTree(segmentTree(0), { box: boxNumber(segmentTree(0), 'tfhd', 1), kind: 'cut', keep: 4 }));
    expect(() => fragmentStarts(shortTfhd)).toThrow(/tfhd box too short/); // was the track id read from the tfdt's header
  });
});

describe('MP4 reading (mp4.ts) of valid boxes in every header form', () => {
  it('an init segment reads the same tracks with 32-bit sizes, 64-bit sizes and size 0 (v0 and v1 headers)', () => {
    fc.assert(
      fc.property(fc.constantFrom<0 | 1>(0, 1), headerForms, (v, forms) => {
        const bytes = serialize(initTree(v), forms);
        expect(readTracks(bytes)).toEqual(INIT_TRACKS);
        expect(topLevelTypes(bytes)).toEqual(['ftyp', 'moov']);
      }),
      { numRuns: 200 },
    );
  });

  it("a media segment reads each track's decode start in every header form (32- and 64-bit tfdt)", () => {
    fc.assert(
      fc.property(fc.constantFrom<0 | 1>(0, 1), headerForms, (v, forms) => {
        const bytes = serialize(segmentTree(v), forms);
        expect(fragmentStarts(bytes)).toEqual(new Map([[1, 30720n], [2, 97280n]]));
        expect(videoStartSec(INIT_TRACKS, bytes)).toBe(2);
        expect(topLevelTypes(bytes)).toEqual(['styp', 'moof', 'mdat']);
      }),
      { numRuns: 200 },
    );
  });
});

// ---- fMP4 (fmp4.ts) ------------------------------------------------------------------------------

const sample = fc.record({
  duration: fc.integer({ min: 0, max: 0xffffffff }),
  flags: fc.oneof(fc.constantFrom(0x02000000, 0x01010000), fc.integer({ min: 0, max: 0xffffffff })),
  compositionOffset: fc.oneof(fc.constant(0), fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 })),
  data: fc.uint8Array({ maxLength: 24 }),
});
const trackRun = (trackId: fc.Arbitrary<number>): fc.Arbitrary<TrackRun> =>
  fc.record({ trackId, baseDecodeTime: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), samples: fc.array(sample, { maxLength: 12 }) });
const trackRuns = fc.uniqueArray(trackRun(fc.integer({ min: 1, max: 0xffffffff })), { minLength: 1, maxLength: 4, selector: (r) => r.trackId });

describe('fMP4 fragments (fmp4.ts): written, then read back', () => {
  it('readFragments gives back every run writeFragment wrote: times, durations, flags, offsets, bytes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), trackRuns, (seq, runs) => {
        const seg = writeFragment(seq, runs);
        expect(topLevelTypes(seg)).toEqual(['moof', 'mdat']);
        const mfhd = findBox(seg, ['moof', 'mfhd'])!;
        expect(new DataView(seg.buffer, seg.byteOffset).getUint32(mfhd.start + 4)).toBe(seq);
        expect(readFragments(seg, new Map())).toEqual(new Map(runs.map((r) => [r.trackId, r])));
        expect(fragmentStarts(seg)).toEqual(new Map(runs.map((r) => [r.trackId, r.baseDecodeTime])));
      }),
      { numRuns: 300 },
    );
  });

  it('a run written as several fragments, one after the other, reads back as the one run', () => {
    // every fragment's start must fit tfdt's 64 bits: start below 2^63, 12 samples of at most 2^32 each
    const run = trackRun(fc.integer({ min: 1, max: 0xffffffff })).map((r) => ({ ...r, baseDecodeTime: r.baseDecodeTime >> 1n }));
    fc.assert(
      fc.property(run, fc.array(fc.nat(), { maxLength: 4 }), (run, cutsAt) => {
        const cuts = [...new Set([0, ...cutsAt.map((c) => c % (run.samples.length + 1)), run.samples.length])].sort((a, b) => a - b);
        const parts: Uint8Array[] = [];
        let time = run.baseDecodeTime;
        for (let i = 0; i + 1 < cuts.length || parts.length === 0; i++) {
          const samples = run.samples.slice(cuts[i], cuts[i + 1]);
          parts.push(writeFragment(i, [{ trackId: run.trackId, baseDecodeTime: time, samples }]));
          time += samples.reduce((t, s) => t + BigInt(s.duration), 0n);
        }
        const seg = new Uint8Array(parts.reduce<number[]>((all, p) => [...all, ...p], []));
        expect(readFragments(seg, new Map())).toEqual(new Map([[run.trackId, run]]));
      }),
      { numRuns: 200 },
    );
  });

  it("trackDefaults reads each track's trex in every header form", () => {
    fc.assert(
      fc.property(fc.constantFrom<0 | 1>(0, 1), headerForms, (v, forms) => {
        expect(trackDefaults(serialize(initTree(v), forms))).toEqual(
          new Map([
            [1, { duration: 512, size: 0, flags: 0x01010000 }],
            [2, { duration: 1024, size: 0, flags: 0 }],
          ]),
        );
      }),
      { numRuns: 100 },
    );
  });
});

// ---- fMP4 readers on arbitrary bytes (fmp4.ts) ---------------------------------------------------

const validFragments = fc.constantFrom(
  writeFragment(3, [
    { trackId: 1, baseDecodeTime: 30720n, samples: [0x02000000, 0x01010000, 0x01010000].map((flags, i) => ({ duration: 512, flags, compositionOffset: i === 1 ? -512 : 0, data: new Uint8Array([1, i, 0xaa]) })) },
    { trackId: 2, baseDecodeTime: 97280n, samples: [0, 1].map((i) => ({ duration: 1024, flags: 0, compositionOffset: 0, data: new Uint8Array([2, i]) })) },
  ]),
  serialize(segmentTree(1)),
);

/** every reader of fmp4.ts on these bytes: a result or Mp4FormatError */
function readAllFmp4(seg: Uint8Array, init: Uint8Array): void {
  const defaults = resultOrFormatError(() => trackDefaults(init));
  resultOrFormatError(() => editMediaTime(init, 1));
  resultOrFormatError(() => firstSequence(seg));
  resultOrFormatError(() => endVideoWithAudio(init, seg));
  resultOrFormatError(() => readFragments(seg, new Map()));
  if (!(defaults instanceof Mp4FormatError)) resultOrFormatError(() => readFragments(seg, defaults));
  resultOrFormatError(() => mergeInits(init, init, 2));
  resultOrFormatError(() => mergeInits(serialize(initTree(0)), init, 2));
}

describe('fMP4 reading (fmp4.ts) on arbitrary bytes', () => {
  it('trackDefaults, editMediaTime, firstSequence, readFragments, endVideoWithAudio, mergeInits: a result or Mp4FormatError, whatever the bytes', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.tuple(validFragments, fc.array(mutation, { minLength: 1, maxLength: 4 })).map(([seg, ms]) => mutate([{ type: 'wrap', payload: Array.from(seg) }], ms).subarray(8)),
          ...SOURCES.map((src) => src.recipe.map((r) => src.bytes(r as never))),
        ),
        fc.oneof(...SOURCES.slice(2).map((src) => src.recipe.map((r) => src.bytes(r as never)))),
        readAllFmp4,
      ),
      { numRuns: 1000 },
    );
  });

  // The property's counterexamples, smallest first: each was a RangeError, an endless loop or wrong
  // data before fmp4.ts checked its boxes' bounds.
  const seg = (...trafChildren: Node[]): Uint8Array => serialize([node('moof', leaf('mfhd', full(0), u32(1)), node('traf', ...trafChildren)), leaf('mdat', zeros(16))]);
  const tfhd = leaf('tfhd', full(0, 0x020000), u32(1));
  const tfdt = leaf('tfdt', full(0), u32(0));
  const atEnd = (...trafChildren: Node[]): Uint8Array => serialize([node('moof', leaf('mfhd', full(0), u32(1)), node('traf', ...trafChildren))]);

  it('regression: trackDefaults on a trex too short for its fields (RangeError)', () => {
    expect(() => trackDefaults(cutLast(initTree(0), 'trex', 8, 1))).toThrow(Mp4FormatError);
  });

  it('regression: editMediaTime on an elst that claims more entries than it holds (RangeError)', () => {
    // 3 entries claimed; the first is an empty edit (media time -1), the second is not there
    const init = serialize([node('moov', node('trak', leaf('tkhd', full(0), zeros(8), u32(1), zeros(68)), node('edts', leaf('elst', full(0), u32(3), u32(0), u32(0xffffffff)))))]);
    expect(() => editMediaTime(init, 1)).toThrow(Mp4FormatError);
  });

  it('regression: firstSequence on an mfhd without its sequence number (RangeError)', () => {
    expect(() => firstSequence(serialize([node('moof', leaf('mfhd', full(0)))]))).toThrow(Mp4FormatError);
  });

  it('regression: readFragments on a tfhd without its track id (RangeError)', () => {
    expect(() => readFragments(atEnd(leaf('tfhd', full(0, 0x020000))), new Map())).toThrow(Mp4FormatError);
  });

  it('regression: readFragments on a v1 tfdt without its 64-bit time (RangeError)', () => {
    expect(() => readFragments(atEnd(tfhd, leaf('tfdt', full(1), u32(0))), new Map())).toThrow(Mp4FormatError);
  });

  it('regression: readFragments on a trun that claims more sample entries than it holds (RangeError)', () => {
    // 5 samples, each with its size (flag 0x200), but one entry
    expect(() => readFragments(atEnd(tfhd, tfdt, leaf('trun', full(0, 0x200), u32(5), u32(10))), new Map())).toThrow(Mp4FormatError);
  });

  it('regression: mergeInits on a trak whose tkhd has no track id (RangeError)', () => {
    expect(() => mergeInits(cutLast(initTree(0), 'tkhd', 8), serialize(initTree(0)), 2)).toThrow(Mp4FormatError);
  });

  it('regression: readFragments takes as many samples as a trun claims, though none has bytes (0xffffffff: 4.3 billion, an endless loop)', () => {
    // no per-sample fields and no default size (no trex, no tfhd default): each sample is 0 bytes, so
    // nothing stops the loop but the count. 100 000 here (instant); the same 60 bytes with 0xffffffff
    // run for minutes and run out of memory.
    const claim = seg(tfhd, tfdt, leaf('trun', full(0, 0), u32(100_000)));
    expect(() => readFragments(claim, new Map())).toThrow(Mp4FormatError);
  });

  it("regression: readFragments with a negative data offset takes sample bytes from the segment's end", () => {
    const written = writeFragment(1, [{ trackId: 1, baseDecodeTime: 0n, samples: [{ duration: 1, flags: 0, compositionOffset: 0, data: new Uint8Array([1, 2, 3]) }] }]);
    const trun = findBox(written, ['moof', 'traf', 'trun'])!;
    new DataView(written.buffer, written.byteOffset).setInt32(trun.start + 8, -10); // data_offset
    // the sample's 3 bytes would be before the moof's first byte, outside the segment; subarray(-10, -7)
    // counted from the end, so the sample came back as the segment's last bytes but 7
    expect(() => readFragments(written, new Map())).toThrow(Mp4FormatError);
  });
});
