// A durable write that creates folders on the way makes each new folder's entry durable too: it
// fsyncs the parent of every folder it created, so after a power loss the folder (and the file in it)
// is still there. A power cut cannot be simulated here, so the fsyncs are observed: fs.promises.open
// is wrapped to record which paths had their handle synced.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, promises as fsp } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeAtDurable, writeFileDurable } from './durable';

let root: string;
let synced: string[];

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'reelay-durable-'));
  synced = [];
  const realOpen = fsp.open.bind(fsp);
  vi.spyOn(fsp, 'open').mockImplementation(async (...args: Parameters<typeof fsp.open>) => {
    const handle = await realOpen(...args);
    const realSync = handle.sync.bind(handle);
    handle.sync = async () => {
      await realSync();
      synced.push(String(args[0]));
    };
    return handle;
  });
});

afterEach(() => {
  vi.restoreAllMocks();
  rmSync(root, { recursive: true, force: true });
});

describe('writeFileDurable', () => {
  it('fsyncs the parent of every folder it creates', async () => {
    const file = join(root, 'a', 'b', 'c', 'file.bin');
    await writeFileDurable(file, new Uint8Array([1, 2, 3]));
    expect([...readFileSync(file)]).toEqual([1, 2, 3]);
    // the new folders' entries: a in root, b in a, c in b; and the file's entry in c
    for (const dir of [root, join(root, 'a'), join(root, 'a', 'b'), join(root, 'a', 'b', 'c')]) expect(synced).toContain(dir);
  });

  it('syncs no folder above the ones it created', async () => {
    mkdirSync(join(root, 'a'));
    await writeFileDurable(join(root, 'a', 'b', 'file.bin'), 'x');
    expect(synced).toContain(join(root, 'a'));
    expect(synced).toContain(join(root, 'a', 'b'));
    expect(synced).not.toContain(root);
  });

  it('syncs only the file and its folder when the folder exists', async () => {
    mkdirSync(join(root, 'a'));
    await writeFileDurable(join(root, 'a', 'file.bin'), 'x');
    expect(synced.filter((p) => !p.endsWith('.tmp'))).toEqual([join(root, 'a')]);
  });

  it('two writes that need the same new folder both resolve only once its entry is synced', async () => {
    const order: string[] = [];
    const dir = join(root, 'shared', 'deep');
    await Promise.all([
      writeFileDurable(join(dir, 'one'), '1').then(() => order.push(`one done, root synced: ${synced.includes(root)}`)),
      writeFileDurable(join(dir, 'two'), '2').then(() => order.push(`two done, root synced: ${synced.includes(root)}`)),
    ]);
    expect(order.sort()).toEqual(['one done, root synced: true', 'two done, root synced: true']);
  });
});

describe('writeAtDurable', () => {
  it('fsyncs the parent of every folder it creates, and the folder of the file it creates', async () => {
    const file = join(root, 'rec', 'master.webm');
    await writeAtDurable(file, 0, new Uint8Array([1, 2]));
    await writeAtDurable(file, 2, new Uint8Array([3]));
    expect([...readFileSync(file)]).toEqual([1, 2, 3]);
    expect(synced).toContain(root); // rec's entry
    expect(synced).toContain(join(root, 'rec')); // master.webm's entry
    expect(synced.filter((p) => p === file)).toHaveLength(2); // the data, each time
  });

  it('does not sync the folder again when the file already exists', async () => {
    mkdirSync(join(root, 'rec'));
    const file = join(root, 'rec', 'master.webm');
    await writeAtDurable(file, 0, new Uint8Array([1]));
    synced.length = 0;
    await writeAtDurable(file, 1, new Uint8Array([2]));
    expect(synced).toEqual([file]);
  });
});
