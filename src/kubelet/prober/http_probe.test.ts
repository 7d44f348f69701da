import assert from 'node:assert/strict';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { FakeClock, realClock } from '../../client/clock.js';
import { createCertificate } from '../../server/certs/certificate.js';
import { httpProbe, httpProbeRequest } from './http_probe.js';
import { PROBE_USER_AGENT } from './probe_outcome.js';

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;
let handler: Handler = (_req, res) => res.end('ok');
const seen: http.IncomingMessage[] = [];
const server = http.createServer((req, res) => {
  seen.push(req);
  handler(req, res);
});
let port = 0;

before(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
after(() => {
  server.closeAllConnections();
  server.close();
});

function probe(
  path: string,
  extra: { httpHeaders?: { name: string; value: string }[] } = {},
  clock = realClock,
) {
  return httpProbe(httpProbeRequest({ port, path, ...extra }, '127.0.0.1', port), 1, clock);
}

test('200–299 succeeds with the body as output; the request carries the probe headers', async () => {
  handler = (_req, res) => res.end('healthy');
  seen.length = 0;
  const out = await probe('/healthz', { httpHeaders: [{ name: 'X-Custom', value: 'a' }] });
  assert.deepEqual(out, { result: 'success', output: 'healthy' });
  const req = seen[0]!;
  assert.equal(req.url, '/healthz');
  assert.equal(req.headers['user-agent'], PROBE_USER_AGENT);
  assert.equal(req.headers['accept'], '*/*');
  assert.equal(req.headers['x-custom'], 'a');
  assert.equal(req.headers['host'], `127.0.0.1:${port}`);
});

test('headers given in the probe replace the defaults, Host included', async () => {
  handler = (_req, res) => res.end();
  seen.length = 0;
  await probe('healthz', {
    httpHeaders: [
      { name: 'User-Agent', value: 'mine' },
      { name: 'Host', value: 'example.com' },
    ],
  });
  assert.equal(seen[0]!.url, '/healthz');
  assert.equal(seen[0]!.headers['user-agent'], 'mine');
  assert.equal(seen[0]!.headers['host'], 'example.com');
});

test('a status of 400 or more fails with upstream text', async () => {
  for (const code of [400, 404, 500, 503]) {
    handler = (_req, res) => {
      res.statusCode = code;
      res.end('nope');
    };
    assert.deepEqual(await probe('/'), {
      result: 'failure',
      output: `HTTP probe failed with statuscode: ${code}`,
    });
  }
});

test('redirects to the same host are followed; to another host they succeed with a warning', async () => {
  handler = (req, res) => {
    if (req.url === '/old') {
      res.writeHead(302, { Location: '/new' });
      return res.end();
    }
    if (req.url === '/away') {
      res.writeHead(301, { Location: 'http://192.0.2.1/elsewhere' });
      return res.end('moved');
    }
    if (req.url === '/loop') {
      res.writeHead(302, { Location: '/loop' });
      return res.end();
    }
    res.statusCode = req.url === '/new' ? 500 : 200;
    res.end();
  };
  assert.deepEqual(await probe('/old'), {
    result: 'failure',
    output: 'HTTP probe failed with statuscode: 500',
  });
  assert.deepEqual(await probe('/away'), {
    result: 'warning',
    output: 'Probe terminated redirects, Response body: moved',
  });
  const loop = await probe('/loop');
  assert.equal(loop.result, 'failure');
  assert.match(loop.output, /stopped after 10 redirects$/);
});

test('the body is read up to 10 KiB', async () => {
  handler = (_req, res) => res.end('x'.repeat(50_000));
  const out = await probe('/');
  assert.equal(out.result, 'success');
  assert.equal(out.output.length, 10 * 1024);
});

test('a refused connection fails with the dial error', async () => {
  const closed = http.createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const p = (closed.address() as AddressInfo).port;
  await new Promise((resolve) => closed.close(resolve));
  const out = await httpProbe(httpProbeRequest({ port: p, path: '/x' }, '127.0.0.1', p), 1, realClock);
  assert.deepEqual(out, {
    result: 'failure',
    output: `Get "http://127.0.0.1:${p}/x": dial tcp 127.0.0.1:${p}: connect: connection refused`,
  });
});

test('a server that does not answer within the timeout fails with the client timeout text', async () => {
  handler = () => {};
  const clock = new FakeClock();
  seen.length = 0;
  const pending = probe('/slow', {}, clock);
  while (seen.length === 0) await new Promise((r) => setTimeout(r, 5));
  clock.advance(1000);
  assert.deepEqual(await pending, {
    result: 'failure',
    output: `Get "http://127.0.0.1:${port}/slow": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`,
  });
});

test('HTTPS probes do not verify the certificate', async (t) => {
  const now = Date.now();
  const self = await createCertificate({
    commonName: 'not-this-host',
    usage: 'server',
    dnsNames: ['not-this-host'],
    notBefore: new Date(now - 60_000),
    notAfter: new Date(now + 3_600_000),
  });
  const tls = https.createServer({ key: self.keyPem, cert: self.certPem }, (_req, res) => res.end('secure'));
  await new Promise<void>((resolve) => tls.listen(0, '127.0.0.1', resolve));
  t.after(() => tls.close());
  const p = (tls.address() as AddressInfo).port;
  const out = await httpProbe(httpProbeRequest({ port: p, scheme: 'HTTPS' }, '127.0.0.1', p), 1, realClock);
  assert.deepEqual(out, { result: 'success', output: 'secure' });
});
