import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { setVolumeOwnership } from './volume_ownership.js';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubets-fsgroup-'));
  fs.mkdirSync(path.join(dir, 'sub'));
  fs.writeFileSync(path.join(dir, 'sub', 'f'), 'x', { mode: 0o600 });
  fs.symlinkSync('sub/f', path.join(dir, 'link'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const mode = (p: string) => fs.statSync(p).mode & 0o7777;
const gid = (p: string) => fs.statSync(p).gid;

describe('setVolumeOwnership', () => {
  it('gives every file the group with group read-write, and directories setgid and search', () => {
    fs.chmodSync(dir, 0o700);
    setVolumeOwnership(dir, 2345, false);
    assert.equal(gid(dir), 2345);
    assert.equal(gid(path.join(dir, 'sub', 'f')), 2345);
    assert.equal(mode(dir), 0o2770);
    assert.equal(mode(path.join(dir, 'sub')) & 0o2070, 0o2070);
    assert.equal(mode(path.join(dir, 'sub', 'f')), 0o660);
    assert.equal(fs.lstatSync(path.join(dir, 'link')).isSymbolicLink(), true);
  });

  it('gives read-only volumes group read only', () => {
    setVolumeOwnership(dir, 2345, true);
    assert.equal(mode(path.join(dir, 'sub', 'f')), 0o640);
    assert.equal(mode(path.join(dir, 'sub', 'f')) & 0o020, 0);
  });

  it('with OnRootMismatch leaves a tree whose root already matches untouched', () => {
    setVolumeOwnership(dir, 2345, false);
    fs.chownSync(path.join(dir, 'sub', 'f'), 0, 0);
    setVolumeOwnership(dir, 2345, false, 'OnRootMismatch');
    assert.equal(gid(path.join(dir, 'sub', 'f')), 0, 'not walked again');
    setVolumeOwnership(dir, 2345, false, 'Always');
    assert.equal(gid(path.join(dir, 'sub', 'f')), 2345);
  });
});
