import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { cniConfList, writeCniConfig } from './cni_config.js';

test('the CNI network is a gateway bridge with host-local over the podCIDR, then portmap', () => {
  const conf = cniConfList({ podCidr: '10.42.3.0/24', bridge: 'kt0', ipamDataDir: '/x/ipam' }) as {
    name: string;
    plugins: Record<string, unknown>[];
  };
  assert.equal(conf.name, 'kubets');
  const [bridge, portmap] = conf.plugins;
  assert.equal(bridge!.type, 'bridge');
  assert.equal(bridge!.bridge, 'kt0');
  assert.equal(bridge!.isGateway, true);
  assert.equal(bridge!.ipMasq, false);
  assert.equal(bridge!.hairpinMode, true);
  assert.deepEqual(bridge!.ipam, {
    type: 'host-local',
    ranges: [[{ subnet: '10.42.3.0/24' }]],
    routes: [{ dst: '0.0.0.0/0' }],
    dataDir: '/x/ipam',
  });
  assert.deepEqual(portmap, { type: 'portmap', capabilities: { portMappings: true }, snat: true });
  assert.throws(() => cniConfList({ podCidr: 'ten', bridge: 'b' }), /is not a CIDR/);
  assert.throws(
    () => cniConfList({ podCidr: '10.0.0.0/24', bridge: 'a-very-long-bridge' }),
    /longer than 15/,
  );
});

test('the conflist is written atomically to the conf dir', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cni-conf-'));
  try {
    const file = writeCniConfig(path.join(dir, 'net.d'), cniConfList({ podCidr: '10.42.0.0/24' }));
    assert.equal(path.basename(file), '10-kubets.conflist');
    assert.equal(
      JSON.parse(fs.readFileSync(file, 'utf8')).plugins[0].ipam.ranges[0][0].subnet,
      '10.42.0.0/24',
    );
    assert.deepEqual(fs.readdirSync(path.join(dir, 'net.d')), ['10-kubets.conflist']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
