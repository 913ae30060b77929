// Uploads a file for import through any caller of the contract (the test server's HTTP calls, the
// e2e's), in parts, as the library page does.
import { promises as fs } from 'node:fs';
import { basename } from 'node:path';
import type { MethodInput, MethodName } from '../../../shared/api';

type Call = <M extends MethodName>(method: M, input: MethodInput<M>) => Promise<{ ok: boolean; status?: number } & ({ value: unknown } | { error: { code: string; message: string } })>;

/** begins, sends every part and finishes; the finish's answer (a Recording, or the error) */
export async function importFile(call: Call, path: string, options: { name?: string; chunkBytes?: number } = {}) {
  const name = options.name ?? basename(path);
  const data = await fs.readFile(path);
  const begun = await call('imports.begin', { name, bytes: data.byteLength });
  if (!('value' in begun)) return begun;
  const { importId } = begun.value as { importId: string };
  const size = options.chunkBytes ?? 1 << 20;
  for (let offset = 0; offset < data.byteLength; offset += size) {
    const sent = await call('imports.putChunk', { importId, offset, data: new Uint8Array(data.subarray(offset, offset + size)) });
    if (!('value' in sent)) return sent;
  }
  return call('imports.finish', { importId });
}
