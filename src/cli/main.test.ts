import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const main = fileURLToPath(new URL('./main.js', import.meta.url));
const run = (...args: string[]) => spawnSync(process.execPath, [main, ...args], { encoding: 'utf8' });

test('kubets answers bad command lines with a clear message and a non-zero exit', () => {
  const table: Array<{ args: string[]; code: number; stderr: RegExp }> = [
    { args: ['frobnicate'], code: 2, stderr: /unknown command "frobnicate"/ },
    { args: ['server', '--no-such-flag'], code: 2, stderr: /Unknown option '--no-such-flag'/ },
    { args: ['server', '--compaction-interval', 'soon'], code: 2, stderr: /not a positive number/ },
    {
      args: ['server', '--datastore-endpoint', 'nonsense'],
      code: 2,
      stderr: /--datastore-endpoint: .* is not a URL/,
    },
    {
      args: ['server', '--datastore', 'etcd://h1:2379,h2'],
      code: 2,
      stderr: /--datastore: .* must look like/,
    },
    {
      args: ['server', '--datastore', 'sqlite', '--datastore-endpoint', 'http://h:1'],
      code: 2,
      stderr: /give one of them/,
    },
    { args: ['apiserver', '--disable-agent'], code: 2, stderr: /Unknown option '--disable-agent'/ },
    { args: ['kubelet'], code: 2, stderr: /--kubeconfig is required/ },
    {
      args: ['kubelet', '--kubeconfig', 'k', '--node-ip', '127.0.0.1'],
      code: 2,
      stderr: /--node-ip: .*loopback/,
    },
    { args: ['hollow', '--nodes', '3'], code: 2, stderr: /--kubeconfig is required/ },
    {
      args: ['hollow', '--kubeconfig', 'k', '--nodes', 'many'],
      code: 2,
      stderr: /--nodes: many is not an integer/,
    },
    { args: ['dns'], code: 2, stderr: /--kubeconfig is required/ },
    {
      args: ['dns', '--kubeconfig', 'k', '--port', '99999'],
      code: 2,
      stderr: /--port: 99999 is not a port number/,
    },
    {
      args: ['dns', '--kubeconfig', 'k', '--upstream', 'example.com'],
      code: 2,
      stderr: /--upstream: .* is not an IP/,
    },
    { args: ['proxy'], code: 2, stderr: /--kubeconfig is required/ },
    {
      args: ['proxy', '--kubeconfig', 'k', '--node-ip', 'nope'],
      code: 2,
      stderr: /--node-ip: nope is not an IPv4/,
    },
    {
      args: ['proxy', '--kubeconfig', 'k', '--cluster-cidr', '10.42.0.0/40'],
      code: 2,
      stderr: /--cluster-cidr: 10\.42\.0\.0\/40 is not an IPv4 CIDR/,
    },
    {
      args: ['proxy', '--kubeconfig', 'k', '--metrics-port', 'x'],
      code: 2,
      stderr: /--metrics-port: x is not a port/,
    },
    { args: ['proxy', '--frob'], code: 2, stderr: /Unknown option '--frob'/ },
    { args: ['image'], code: 2, stderr: /a subcommand is required/ },
    { args: ['image', 'frob'], code: 2, stderr: /unknown subcommand "frob"/ },
    { args: ['image', 'import'], code: 2, stderr: /import takes exactly one archive file/ },
    { args: ['image', 'build-pause', '--tag', 'x'], code: 2, stderr: /--tag does not apply to build-pause/ },
    { args: ['image', 'import', '/nonexistent/x.tar'], code: 1, stderr: /image archive .* not found/ },
    { args: ['agent'], code: 2, stderr: /--server is required/ },
    { args: ['agent', '--server', 'http://x:6443'], code: 2, stderr: /is not https:\/\/HOST:PORT/ },
    {
      args: ['agent', '--server', 'https://x:6443', '--token', 'abc'],
      code: 2,
      stderr: /--token: .*was not of the form/,
    },
    {
      args: ['agent', '--server', 'https://x:6443', '--ca-cert-hash', 'md5:00'],
      code: 2,
      stderr: /--ca-cert-hash: md5:00 is not sha256/,
    },
    { args: ['agent', '--server', 'https://x:6443', '--node-ip', '127.0.0.1'], code: 2, stderr: /loopback/ },
    { args: ['token'], code: 2, stderr: /a subcommand is required/ },
  ];
  for (const row of table) {
    const r = run(...row.args);
    assert.equal(r.status, row.code, `${row.args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, row.stderr);
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace for a user mistake');
  }
});

test('kubets version and help', () => {
  assert.match(run('version').stdout, /^kubets v\d+\.\d+\.\d+/);
  const help = run('--help');
  assert.equal(help.status, 0);
  assert.match(help.stdout, /Commands:/);
  assert.match(run('server', '--help').stdout, /--data-dir/);
  assert.match(run('dns', '--help').stdout, /--cluster-domain/);
  assert.match(run('proxy', '--help').stdout, /--cleanup/);
  assert.match(help.stdout, /proxy\s+run kube-proxy/);
  assert.match(run('image', '--help').stdout, /build-busybox/);
  assert.match(run('agent', '--help').stdout, /--ca-cert-hash/);
  assert.match(run('token', '--help').stdout, /--print-join-command/);
});

test('kubets kubectl runs kubectl with the data directory kubeconfig and passes its exit code', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubets-kubectl-'));
  try {
    // A stand-in for kubectl that shows what it was given.
    const fake = path.join(dir, 'fake-kubectl');
    fs.writeFileSync(fake, '#!/bin/sh\necho "KUBECONFIG=$KUBECONFIG args=$*"\nexit 3\n', { mode: 0o755 });
    const env = { ...process.env, KUBETS_KUBECTL: fake, KUBETS_DATA_DIR: dir, KUBECONFIG: '' };
    const missing = spawnSync(process.execPath, [main, 'kubectl', 'get', 'nodes'], { encoding: 'utf8', env });
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /kubeconfig\.yaml does not exist/);
    fs.writeFileSync(path.join(dir, 'kubeconfig.yaml'), '');
    const r = spawnSync(process.execPath, [main, 'kubectl', 'get', 'nodes', '-o', 'wide'], {
      encoding: 'utf8',
      env,
    });
    assert.equal(r.status, 3);
    assert.equal(r.stdout, `KUBECONFIG=${path.join(dir, 'kubeconfig.yaml')} args=get nodes -o wide\n`);
    const own = spawnSync(process.execPath, [main, 'kubectl', '--kubeconfig', '/x', 'get', 'ns'], {
      encoding: 'utf8',
      env,
    });
    assert.equal(own.stdout, 'KUBECONFIG= args=--kubeconfig /x get ns\n');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
