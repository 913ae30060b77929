// A real S3-protocol server on 127.0.0.1 for tests and benchmarks: s3rver in a child process with a
// fresh temp directory and a bucket. It doesn't verify signatures (any keys work; S3RVER/S3RVER are
// its documented ones).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';

export interface LocalS3 {
  port: number;
  /** http://127.0.0.1:<port> */
  endpoint: string;
  bucket: string;
  dir: string;
  /** public URL of the bucket (path style), as a viewer would fetch it */
  publicBaseUrl: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** a client straight to the server (no proxy), for checking what arrived */
  client(): S3Client;
  stop(): Promise<void>;
}

const CHILD = join(__dirname, 's3rver-process.cjs');

export async function startS3rver(options: { bucket?: string; extraBuckets?: string[]; /** where s3rver-process.cjs is, when bundled */ childScript?: string } = {}): Promise<LocalS3> {
  const bucket = options.bucket ?? 'reelay';
  const dir = mkdtempSync(join(tmpdir(), 'reelay-s3rver-'));
  const child: ChildProcess = spawn(process.execPath, [options.childScript ?? CHILD, dir, bucket, ...(options.extraBuckets ?? [])], {
    env: { ...process.env, NODE_OPTIONS: '--openssl-legacy-provider' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    const onData = (d: Buffer): void => {
      out += d.toString();
      const line = out.split('\n')[0];
      if (out.includes('\n') && line) {
        child.stdout!.off('data', onData);
        try {
          resolve((JSON.parse(line) as { port: number }).port);
        } catch (e) {
          reject(e);
        }
      }
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`s3rver exited (${code}) before listening: ${stderr}`)));
    child.once('error', reject);
  });
  const endpoint = `http://127.0.0.1:${port}`;
  const clients: S3Client[] = [];
  return {
    port,
    endpoint,
    bucket,
    dir,
    publicBaseUrl: `${endpoint}/${bucket}`,
    accessKeyId: 'S3RVER',
    secretAccessKey: 'S3RVER',
    client() {
      const c = new S3Client({
        endpoint,
        region: 'us-east-1',
        forcePathStyle: true,
        credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
        requestChecksumCalculation: 'WHEN_REQUIRED',
        responseChecksumValidation: 'WHEN_REQUIRED',
      });
      clients.push(c);
      return c;
    },
    async stop() {
      for (const c of clients) c.destroy();
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
