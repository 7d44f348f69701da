import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { KubeconfigError, parseKubeconfig } from './kubeconfig.js';

const b64 = (s: string) => Buffer.from(s).toString('base64');

const doc = (user: string) => `apiVersion: v1
kind: Config
current-context: main
clusters:
- name: c1
  cluster:
    server: https://127.0.0.1:6443
    certificate-authority-data: ${b64('CA PEM')}
contexts:
- name: main
  context: {cluster: c1, user: u1}
- name: other
  context: {cluster: c1, user: missing}
users:
- name: u1
  user:
${user}
`;

test('inline certificate data and token', () => {
  const c = parseKubeconfig(
    doc(`    client-certificate-data: ${b64('CERT')}\n    client-key-data: ${b64('KEY')}\n    token: abc`),
    '/',
  );
  assert.deepEqual(c, {
    server: 'https://127.0.0.1:6443',
    ca: 'CA PEM',
    cert: 'CERT',
    key: 'KEY',
    token: 'abc',
    insecureSkipTLSVerify: false,
  });
});

test('file paths resolve against the kubeconfig directory', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubets-kc-'));
  fs.writeFileSync(path.join(dir, 'c.crt'), 'FILE CERT');
  fs.writeFileSync(path.join(dir, 'c.key'), 'FILE KEY');
  const c = parseKubeconfig(doc('    client-certificate: c.crt\n    client-key: c.key'), dir);
  assert.equal(c.cert, 'FILE CERT');
  assert.equal(c.key, 'FILE KEY');
  fs.rmSync(dir, { recursive: true });
});

test('unusable kubeconfigs fail with a clear KubeconfigError', () => {
  assert.throws(() => parseKubeconfig(doc('    token: x'), '/', 'other'), /user "missing" not found/);
  assert.throws(() => parseKubeconfig(doc('    token: x'), '/', 'nope'), /context "nope" not found/);
  assert.throws(() => parseKubeconfig('a: [', '/'), KubeconfigError);
  assert.throws(() => parseKubeconfig('kind: Config', '/'), /no current-context/);
});
