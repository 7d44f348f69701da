import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import { relayUpgrade, upgradeRequestHead } from './upgrade_relay.js';

/** A front server relaying every upgrade to `backendUrl()`, and a raw client for it. */
let backend: net.Server;
let front: http.Server;
let backendPort = 0;
let frontPort = 0;
let lastBackendHead = '';

before(async () => {
  backend = net.createServer((sock) => {
    let buf = '';
    const onData = (d: Buffer) => {
      buf += d.toString('latin1');
      const end = buf.indexOf('\r\n\r\n');
      if (end < 0) return;
      sock.off('data', onData);
      lastBackendHead = buf.slice(0, end);
      if (lastBackendHead.startsWith('GET /refuse')) {
        sock.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 2\r\n\r\nno');
        return;
      }
      sock.write('HTTP/1.1 101 Switching Protocols\r\nUpgrade: test\r\nConnection: Upgrade\r\n\r\n');
      const rest = buf.slice(end + 4);
      if (rest) sock.write(rest.toUpperCase());
      sock.on('data', (more: Buffer) => sock.write(more.toString().toUpperCase()));
    };
    sock.on('data', onData);
  });
  await new Promise<void>((r) => backend.listen(0, '127.0.0.1', r));
  backendPort = (backend.address() as net.AddressInfo).port;
  front = http.createServer();
  front.on('upgrade', (req: http.IncomingMessage, socket: net.Socket, head: Buffer) => {
    const port = req.url!.startsWith('/dead') ? 1 : backendPort;
    void relayUpgrade(req, socket, head, {
      url: new URL(`http://127.0.0.1:${port}${req.url!.replace('/dead', '/x')}?token=t`),
      dropHeaders: new Set(['authorization']),
      dialErrorResponse: (err) =>
        `HTTP/1.1 503 Service Unavailable\r\nContent-Length: ${err.message.length}\r\nConnection: close\r\n\r\n${err.message}`,
    });
  });
  await new Promise<void>((r) => front.listen(0, '127.0.0.1', r));
  frontPort = (front.address() as net.AddressInfo).port;
});

after(() => {
  front.close();
  backend.close();
});

/** Sends an upgrade request with `body` right after the head; resolves with all that came back. */
function exchange(path: string, body = '', then?: (s: net.Socket) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    const sock = net.connect(frontPort, '127.0.0.1', () => {
      sock.write(
        `GET ${path} HTTP/1.1\r\nHost: front\r\nAuthorization: Bearer secret\r\nX-Keep: yes\r\n` +
          `Connection: Upgrade\r\nUpgrade: test\r\n\r\n${body}`,
      );
      then?.(sock);
    });
    let got = '';
    sock.on('data', (d: Buffer) => (got += d.toString('latin1')));
    sock.on('close', () => resolve(got));
    sock.on('error', reject);
  });
}

describe('relayUpgrade', () => {
  it('passes the 101 and then the stream both ways, with the target path and without dropped headers', async () => {
    const got = await exchange('/exec', 'early', (s) => {
      setTimeout(() => s.write('late'), 50);
      setTimeout(() => s.end(), 150);
    });
    assert.match(got, /^HTTP\/1\.1 101 Switching Protocols\r\n/);
    assert.match(got, /EARLY/);
    assert.match(got, /LATE/);
    assert.match(lastBackendHead, /^GET \/exec\?token=t HTTP\/1\.1\r\nHost: 127\.0\.0\.1:\d+\r\n/);
    assert.match(lastBackendHead, /X-Keep: yes/);
    assert.doesNotMatch(lastBackendHead, /Authorization|Host: front/i);
  });

  it('passes a refusal unchanged and closes the connection', async () => {
    const got = await exchange('/refuse');
    assert.equal(got, 'HTTP/1.1 400 Bad Request\r\nContent-Length: 2\r\n\r\nno');
  });

  it('answers with the dial error response when the backend cannot be reached', async () => {
    const got = await exchange('/dead');
    assert.match(got, /^HTTP\/1\.1 503 Service Unavailable\r\n[\s\S]*ECONNREFUSED/);
  });
});

describe('upgradeRequestHead', () => {
  it('replaces Host and keeps repeated headers in order', () => {
    const req = {
      method: 'POST',
      rawHeaders: ['Host', 'a', 'X-Stream-Protocol-Version', 'v4', 'X-Stream-Protocol-Version', 'v3'],
    } as unknown as http.IncomingMessage;
    assert.equal(
      upgradeRequestHead(req, new URL('https://node:10250/exec/ns/p/c?command=sh')),
      'POST /exec/ns/p/c?command=sh HTTP/1.1\r\nHost: node:10250\r\n' +
        'X-Stream-Protocol-Version: v4\r\nX-Stream-Protocol-Version: v3\r\n\r\n',
    );
  });
});
