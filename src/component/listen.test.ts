import assert from 'node:assert/strict';
import net from 'node:net';
import { test } from 'node:test';
import { listenOrExplain } from './listen.js';

test('a port already in use is refused with who, where and the flag that chooses another', async () => {
  const taken = net.createServer();
  await listenOrExplain(taken, 0, '127.0.0.1', 'the first', '--port');
  const port = (taken.address() as net.AddressInfo).port;
  try {
    await assert.rejects(
      listenOrExplain(net.createServer(), port, '127.0.0.1', 'the API server', '--https-port'),
      {
        message: `the API server cannot listen on 127.0.0.1:${port}: the port is already in use (choose another with --https-port)`,
      },
    );
    await assert.rejects(
      listenOrExplain(net.createServer(), 0, '192.0.2.254', 'x', '--p'),
      /not on this machine/,
    );
  } finally {
    taken.close();
  }
});
