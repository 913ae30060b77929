// Sends a file to the core for import, in parts (never the whole file in memory), then asks it to make
// the recording. Works the same over HTTP (server mode) and IPC (the desktop app).
import type { ReelayApi } from '../../../../shared/api';
import type { Recording } from '../../../../shared/domain';
import { IMPORT_CHUNK_BYTES } from '../../../../shared/import';

export interface ImportedRecording {
  importId: string;
  recording: Recording;
}

/** `onSent(bytes)` after each part; `onChecking()` once the whole file is there and the core judges it */
export async function importVideo(api: ReelayApi, file: Blob & { name: string }, on: { onSent: (bytes: number) => void; onChecking: () => void }): Promise<ImportedRecording> {
  const { importId } = await api.call('imports.begin', { name: file.name, bytes: file.size });
  try {
    for (let offset = 0; offset < file.size; offset += IMPORT_CHUNK_BYTES) {
      const data = new Uint8Array(await file.slice(offset, offset + IMPORT_CHUNK_BYTES).arrayBuffer());
      const { bytesReceived } = await api.call('imports.putChunk', { importId, offset, data });
      on.onSent(bytesReceived);
    }
  } catch (e) {
    // what arrived is of no use: let the core remove it now rather than after an hour
    await api.call('imports.cancel', { importId }).catch(() => undefined);
    throw e;
  }
  on.onChecking();
  return { importId, recording: await api.call('imports.finish', { importId }) };
}
