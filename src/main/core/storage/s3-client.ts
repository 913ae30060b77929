// One S3Client per bucket configuration, set up the way every S3-compatible service accepts:
// checksums only where the API requires them (several providers, and s3rver, mishandle the SDK's
// default streaming checksums), no retries inside the SDK (the upload queue owns the retry policy),
// and timeouts so a stalled connection fails instead of hanging the queue.
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { S3Client } from '@aws-sdk/client-s3';

export interface S3Connection {
  /** empty: AWS S3's own endpoint for the region */
  endpoint: string;
  region: string;
  bucket: string;
  accessKeyId: string;
  forcePathStyle: boolean;
}

export interface S3Timeouts {
  /** establishing a connection */
  connectMs: number;
  /** no byte sent or received for this long: the request has stalled */
  idleMs: number;
}

const QUIET = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

export const DEFAULT_S3_TIMEOUTS: S3Timeouts = { connectMs: 10_000, idleMs: 20_000 };

export function createS3Client(conn: S3Connection, secretAccessKey: string, timeouts: S3Timeouts = DEFAULT_S3_TIMEOUTS, maxSockets = 8): S3Client {
  const agentOptions = { keepAlive: true, maxSockets };
  return new S3Client({
    ...(conn.endpoint ? { endpoint: conn.endpoint } : {}),
    region: conn.region,
    forcePathStyle: conn.forcePathStyle,
    credentials: { accessKeyId: conn.accessKeyId, secretAccessKey },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 1,
    // the SDK would print to the console (e.g. a failed streaming upload); our StorageErrors say it
    logger: QUIET,
    // the SDK would otherwise follow a bucket's region on a 301; a wrong region is a settings error here
    followRegionRedirects: false,
    requestHandler: {
      connectionTimeout: timeouts.connectMs,
      socketTimeout: timeouts.idleMs,
      httpAgent: new HttpAgent(agentOptions),
      httpsAgent: new HttpsAgent(agentOptions),
    },
  });
}

/** how to name the endpoint in messages */
export function endpointLabel(conn: Pick<S3Connection, 'endpoint' | 'region'>): string {
  return conn.endpoint || `AWS S3 (${conn.region})`;
}
