import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseResolvConf, parseUpstream } from './resolv_conf.js';

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
