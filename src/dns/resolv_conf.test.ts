import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { nodeUpstreams, parseResolvConf, parseUpstream, withoutSelf } from './resolv_conf.js';

describe('parseResolvConf', () => {
  it('reads every nameserver line, ignoring comments and other options', () => {
    const text = [
      '# generated',
      'search example.com',
      'nameserver 10.0.0.2',
      'nameserver   fe80::1%eth0 ; link-local',
      'nameserver not-an-ip',
      ';nameserver 10.9.9.9',
      'options ndots:5',
      'nameserver 1.1.1.1 # cloudflare',
    ].join('\n');
    assert.deepEqual(parseResolvConf(text), [
      { host: '10.0.0.2', port: 53 },
      { host: 'fe80::1%eth0', port: 53 },
      { host: '1.1.1.1', port: 53 },
    ]);
  });
});

describe('parseUpstream', () => {
  const ok: [string, { host: string; port: number }][] = [
    ['8.8.8.8', { host: '8.8.8.8', port: 53 }],
    ['127.0.0.1:5353', { host: '127.0.0.1', port: 5353 }],
    ['dns://9.9.9.9:53', { host: '9.9.9.9', port: 53 }],
    ['2001:db8::1', { host: '2001:db8::1', port: 53 }],
    ['[2001:db8::1]:5300', { host: '2001:db8::1', port: 5300 }],
  ];
  for (const [text, want] of ok) it(text, () => assert.deepEqual(parseUpstream(text), want));
  for (const bad of ['example.com', '1.2.3.4:0', '1.2.3.4:70000', '[::1]:x'])
    it(`rejects ${bad}`, () => assert.throws(() => parseUpstream(bad)));
});

describe('nodeUpstreams', () => {
  it("looks past systemd-resolved's stub", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubets-resolv-'));
    try {
      const stub = path.join(dir, 'stub.conf');
      const real = path.join(dir, 'real.conf');
      fs.writeFileSync(stub, 'nameserver 127.0.0.53\noptions edns0 trust-ad\n');
      fs.writeFileSync(real, 'nameserver 10.0.0.2\nnameserver 10.0.0.3\n');
      assert.deepEqual(
        nodeUpstreams(stub, real).map((u) => u.host),
        ['10.0.0.2', '10.0.0.3'],
      );
      assert.deepEqual(
        nodeUpstreams(stub, path.join(dir, 'missing')).map((u) => u.host),
        ['127.0.0.53'],
      );
      assert.deepEqual(
        nodeUpstreams(real, stub).map((u) => u.host),
        ['10.0.0.2', '10.0.0.3'],
      );
      assert.deepEqual(nodeUpstreams(path.join(dir, 'missing')), []);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('withoutSelf', () => {
  const ups = ['10.43.0.10', '127.0.0.1', '192.168.1.5', '192.168.1.9', '127.0.0.53'].map((host) => ({
    host,
    port: 53,
  }));
  const local = ['127.0.0.1', '192.168.1.5'];
  it('drops the Service IP and every local address when listening on all of them', () => {
    assert.deepEqual(
      withoutSelf(ups, {
        bindAddress: '0.0.0.0',
        port: 53,
        serviceIp: '10.43.0.10',
        localAddresses: local,
      }).map((u) => u.host),
      ['192.168.1.9'],
    );
  });
  it('drops only the bound address when listening on one', () => {
    assert.deepEqual(
      withoutSelf(ups, {
        bindAddress: '192.168.1.5',
        port: 53,
        serviceIp: '10.43.0.10',
        localAddresses: local,
      }).map((u) => u.host),
      ['127.0.0.1', '192.168.1.9', '127.0.0.53'],
    );
  });
  it('keeps local resolvers on another port', () => {
    assert.deepEqual(
      withoutSelf(ups, {
        bindAddress: '0.0.0.0',
        port: 5353,
        serviceIp: '10.43.0.10',
        localAddresses: local,
      }).map((u) => u.host),
      ['127.0.0.1', '192.168.1.5', '192.168.1.9', '127.0.0.53'],
    );
  });
});
