// A tiny HTTP server that answers every request with one S3-style error, for failures s3rver can't
// produce (it doesn't check signatures or permissions): InvalidAccessKeyId, SignatureDoesNotMatch,
// AccessDenied, SlowDown ...
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeS3Error {
  url: string;
  requests: { method: string; url: string }[];
  close(): Promise<void>;
}

export async function startFakeS3Error(status: number, code: string, message = 'fake'): Promise<FakeS3Error> {
  const requests: { method: string; url: string }[] = [];
  const server = http.createServer((req, res) => {
    requests.push({ method: req.method ?? '', url: req.url ?? '' });
    req.resume();
    req.on('end', () => {
      res.writeHead(status, { 'content-type': 'application/xml', 'x-amz-request-id': 'fake' });
      res.end(req.method === 'HEAD' ? undefined : `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><RequestId>fake</RequestId></Error>`);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
