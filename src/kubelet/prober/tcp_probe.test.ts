import assert from 'node:assert/strict';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { realClock } from '../../client/clock.js';
import { tcpProbe } from './tcp_probe.js';

async function listen(): Promise<net.Server> {
  const server = net.createServer((s) => s.end());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

test('a port that accepts connections succeeds', async () => {
  const server = await listen();
  try {
    const port = (server.address() as AddressInfo).port;
    assert.deepEqual(await tcpProbe('127.0.0.1', port, 1, realClock), { result: 'success', output: '' });
  } finally {
    server.close();
  }
});

test('a closed port fails with the dial error', async () => {
  const server = await listen();
  const port = (server.address() as AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  assert.deepEqual(await tcpProbe('127.0.0.1', port, 1, realClock), {
    result: 'failure',
    output: `dial tcp 127.0.0.1:${port}: connect: connection refused`,
  });
});
