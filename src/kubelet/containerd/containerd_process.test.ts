import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { pino } from 'pino';
import { onPath, startContainerd } from './containerd_process.js';

describe('startContainerd without containerd', () => {
  it('finds executables on PATH, and not what is missing or not executable', () => {
    assert.equal(onPath('sh'), true);
    assert.equal(onPath('/bin/sh'), true);
    assert.equal(onPath('kubets-no-such-binary'), false);
    assert.equal(onPath('passwd', '/etc'), false, 'a file that is not executable');
  });

  it('refuses with the Debian package to install, before writing anything', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubets-containerd-'));
    try {
      await assert.rejects(
        startContainerd({
          dir: path.join(dir, 'containerd'),
          socket: path.join(dir, 'run', 'containerd.sock'),
          cniBinDir: '/usr/lib/cni',
          binary: 'kubets-no-such-containerd',
          log: pino({ level: 'silent' }),
          signal: new AbortController().signal,
        }),
        /kubets-no-such-containerd was not found on PATH: install the Debian package containerd/,
      );
      assert.equal(fs.existsSync(path.join(dir, 'run')), false);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
