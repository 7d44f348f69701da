import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { lockDataDir } from './data_dir_lock.js';

describe('lockDataDir', () => {
  it('refuses a second server while the first lives, and takes over a dead one’s lock', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubets-lock-'));
    // Another process that looks like a server holds the lock.
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)', 'server'], {
      stdio: 'ignore',
    });
    try {
      fs.writeFileSync(path.join(dir, 'kubets.pid'), `${other.pid}\n`);
      assert.throws(
        () => lockDataDir(dir),
        new RegExp(`another kubets server \\(pid ${other.pid}\\) is using`),
      );
      const exited = new Promise((r) => other.once('exit', r));
      other.kill('SIGKILL');
      await exited;
      const lock = lockDataDir(dir);
      assert.equal(fs.readFileSync(path.join(dir, 'kubets.pid'), 'utf8'), `${process.pid}\n`);
      lock.release();
      assert.equal(fs.existsSync(path.join(dir, 'kubets.pid')), false);
      // A pid that now belongs to some other program is no server.
      fs.writeFileSync(path.join(dir, 'kubets.pid'), `1\n`);
      lockDataDir(dir).release();
    } finally {
      other.kill('SIGKILL');
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
