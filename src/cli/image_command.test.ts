import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { readTar } from '../images/tar_reader.js';
import { archiveFileName } from './image_command.js';

const main = fileURLToPath(new URL('./main.js', import.meta.url));
const skip = fs.existsSync('/bin/busybox') ? false : 'busybox-static is not installed';

test('default archive file names', () => {
  assert.equal(archiveFileName('docker.io/library/busybox:1.35'), 'busybox-1.35.tar');
  assert.equal(archiveFileName('localhost/kubets/pause:3.9'), 'pause-3.9.tar');
});

test('kubets image build-busybox and build-pause write archives', { skip }, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubets-image-cli-'));
  try {
    const run = (...args: string[]) =>
      spawnSync(process.execPath, [main, 'image', ...args], { cwd: dir, encoding: 'utf8' });
    const pause = run('build-pause');
    assert.equal(pause.status, 0, pause.stderr);
    assert.match(
      pause.stdout,
      /^wrote pause-3\.9\.tar: localhost\/kubets\/pause:3\.9 \(sha256:[0-9a-f]{64}\)\n$/,
    );
    const bb = run('build-busybox', '--tag', 'example.com/bb:t', '-o', 'bb.tar');
    assert.equal(bb.status, 0, bb.stderr);
    const index = readTar(fs.readFileSync(path.join(dir, 'bb.tar'))).find((m) => m.path === 'index.json')!;
    assert.equal(
      JSON.parse(index.data.toString()).manifests[0].annotations['io.containerd.image.name'],
      'example.com/bb:t',
    );
    const dflt = run('build-busybox');
    assert.equal(dflt.status, 0, dflt.stderr);
    assert.match(dflt.stdout, /^wrote busybox-\d+\.\d+\.tar: docker\.io\/library\/busybox:\d+\.\d+ /);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
