import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { ensureServiceAccountKey } from './service_account_key.js';

test('the service-account key is generated once, kept, and its public half repaired', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubets-sa-key-'));
  try {
    const first = await ensureServiceAccountKey(dir);
    assert.equal(first.generated, true);
    assert.match(first.privateKeyPem, /BEGIN PRIVATE KEY/);
    assert.equal(fs.statSync(path.join(dir, 'tls', 'sa.key')).mode & 0o777, 0o600);
    assert.equal(fs.readFileSync(path.join(dir, 'tls', 'sa.pub'), 'utf8'), first.publicKeyPem);
    fs.writeFileSync(path.join(dir, 'tls', 'sa.pub'), 'garbage');
    const second = await ensureServiceAccountKey(dir);
    assert.equal(second.generated, false);
    assert.equal(second.privateKeyPem, first.privateKeyPem);
    assert.equal(fs.readFileSync(path.join(dir, 'tls', 'sa.pub'), 'utf8'), first.publicKeyPem);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
