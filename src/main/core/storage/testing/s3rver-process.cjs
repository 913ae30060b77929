// Runs s3rver in its own process (it needs --openssl-legacy-provider, which only NODE_OPTIONS or the
// command line can turn on) and prints {"port":N} once it listens. Args: <dataDir> <bucket>...
'use strict';
const S3rver = require('s3rver');

const [dir, ...buckets] = process.argv.slice(2);
// as a bucket behind Reelay Server is set up (README): viewers' pages on another origin may GET its media
const CORS = Buffer.from(`<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>GET</AllowedMethod><AllowedMethod>HEAD</AllowedMethod><AllowedHeader>*</AllowedHeader><MaxAgeSeconds>3000</MaxAgeSeconds></CORSRule></CORSConfiguration>`);
const server = new S3rver({
  port: 0,
  address: '127.0.0.1',
  directory: dir,
  silent: true,
  configureBuckets: buckets.map((name) => ({ name, configs: [CORS] })),
});
server.run().then(
  (address) => process.stdout.write(`${JSON.stringify({ port: address.port })}\n`),
  (e) => {
    process.stderr.write(`s3rver failed to start: ${e && e.stack}\n`);
    process.exit(1);
  },
);
// the parent died or closed our stdin: stop too, so no server outlives its test
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
