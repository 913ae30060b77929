// Presigned GET URLs in bulk, for playlists that name every segment of a recording. The SDK's
// getSignedUrl runs the client's whole middleware stack for each URL (0.3–0.6 ms here, so 0.5–1.2 s
// of CPU for the 1800 segments of a one-hour recording, at every fetch of its playlist). Instead the
// SDK signs the first URL, and the others are signed the same way with node:crypto (SigV4 query
// signing: two hashes each), once signing that first one here has given exactly the SDK's URL.
import { createHash, createHmac } from 'node:crypto';

/** what every presigned GET URL of one bucket shares */
export interface PresignShape {
  /** origin and path up to the object key, e.g. http://127.0.0.1:9000/bucket/ */
  base: string;
  /** the signed Host header */
  host: string;
  region: string;
  accessKeyId: string;
}

/** the shape of `url`, the SDK's presigned GET of `objectKey`; null when it is not the plain form signed here */
export function presignShapeOf(url: string, objectKey: string): PresignShape | null {
  const u = new URL(url);
  const key = encodeKey(objectKey);
  const scope = u.searchParams.get('X-Amz-Credential')?.split('/') ?? [];
  if (!u.pathname.endsWith(key) || scope.length !== 5 || scope[3] !== 's3' || scope[4] !== 'aws4_request') return null;
  return { base: u.origin + u.pathname.slice(0, u.pathname.length - key.length), host: u.host, region: scope[2]!, accessKeyId: scope[0]! };
}

/** signs GET URLs of objects with one date and expiry, as the SDK writes them (same parameters, same order) */
export function presignerFor(shape: PresignShape, secretAccessKey: string, expiresInSec: number, signingDate: Date): (objectKey: string) => string {
  const amzDate = signingDate.toISOString().replace(/[-:]|\.\d{3}/g, ''); // 20261128T210409Z
  const day = amzDate.slice(0, 8);
  const scope = `${day}/${shape.region}/s3/aws4_request`;
  // sorted by name, as the canonical query and the SDK's URL both have them
  const params: [string, string][] = [
    ['X-Amz-Algorithm', 'AWS4-HMAC-SHA256'],
    ['X-Amz-Content-Sha256', 'UNSIGNED-PAYLOAD'],
    ['X-Amz-Credential', `${shape.accessKeyId}/${scope}`],
    ['X-Amz-Date', amzDate],
    ['X-Amz-Expires', String(expiresInSec)],
    ['X-Amz-SignedHeaders', 'host'],
    ['x-id', 'GetObject'],
  ];
  const query = params.map(([k, v]) => `${k}=${escapeUri(v)}`);
  const beforeSignature = query.slice(0, 5).join('&'); // X-Amz-Signature sorts after X-Amz-Expires
  const afterSignature = query.slice(5).join('&');
  const basePath = new URL(shape.base).pathname;
  const key = signingKey(secretAccessKey, day, shape.region);
  const requestTail = `\n${query.join('&')}\nhost:${shape.host}\n\nhost\nUNSIGNED-PAYLOAD`;
  const signPrefix = `AWS4-HMAC-SHA256\n${amzDate}\n${scope}\n`;
  return (objectKey) => {
    const path = encodeKey(objectKey);
    const canonicalRequest = `GET\n${basePath}${path}${requestTail}`;
    const signature = hmac(key, signPrefix + createHash('sha256').update(canonicalRequest).digest('hex')).toString('hex');
    return `${shape.base}${path}?${beforeSignature}&X-Amz-Signature=${signature}&${afterSignature}`;
  };
}

function signingKey(secret: string, day: string, region: string): Buffer {
  return hmac(hmac(hmac(hmac(`AWS4${secret}`, day), region), 's3'), 'aws4_request');
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data).digest();
}

/** RFC 3986 percent-encoding, as SigV4 wants it */
function escapeUri(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** an object key in a URL path: each segment encoded, the slashes kept */
function encodeKey(objectKey: string): string {
  return objectKey.split('/').map(escapeUri).join('/');
}
