import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { ensureBridgeNetfilter } from './bridge_netfilter.js';

test('ensureBridgeNetfilter sets the sysctl to 1, or says why it could not', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubets-brnf-'));
  try {
    const file = path.join(dir, 'bridge-nf-call-iptables');
    fs.writeFileSync(file, '0\n');
    assert.equal(await ensureBridgeNetfilter(file), undefined);
    assert.equal(fs.readFileSync(file, 'utf8'), '1\n');
    assert.match((await ensureBridgeNetfilter(path.join(dir, 'missing')))!, /is missing \(no br_netfilter\)/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
