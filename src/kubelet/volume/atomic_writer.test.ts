import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { Payload } from './atomic_writer.js';
import { validatePayloadPath, writeAtomically } from './atomic_writer.js';

function payload(files: Record<string, string>, mode = 0o644): Payload {
  return new Map(Object.entries(files).map(([k, v]) => [k, { data: Buffer.from(v), mode }]));
}

describe('writeAtomically', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atomic-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes a timestamped dir, the ..data symlink and one symlink per top-level name', () => {
    assert.equal(
      writeAtomically(dir, payload({ a: '1', 'sub/b': '2' }), new Date(Date.UTC(2026, 0, 2, 3, 4, 5))),
      true,
    );
    const ts = fs.readlinkSync(path.join(dir, '..data'));
    assert.match(ts, /^\.\.2026_01_02_03_04_05\.\d+$/);
    assert.equal(fs.readlinkSync(path.join(dir, 'a')), '..data/a');
    assert.equal(fs.readlinkSync(path.join(dir, 'sub')), '..data/sub');
    assert.equal(fs.readFileSync(path.join(dir, 'a'), 'utf8'), '1');
    assert.equal(fs.readFileSync(path.join(dir, 'sub/b'), 'utf8'), '2');
    assert.equal(fs.statSync(path.join(dir, ts)).mode & 0o777, 0o755);
  });

  it('writes nothing when the payload equals what is on disk', () => {
    writeAtomically(dir, payload({ a: '1' }));
    const ts = fs.readlinkSync(path.join(dir, '..data'));
    assert.equal(writeAtomically(dir, payload({ a: '1' })), false);
    assert.equal(fs.readlinkSync(path.join(dir, '..data')), ts);
  });

  it('swaps ..data on a change, removes the old dir and names no longer in the payload', () => {
    writeAtomically(dir, payload({ a: '1', gone: 'x' }));
    const old = fs.readlinkSync(path.join(dir, '..data'));
    assert.equal(writeAtomically(dir, payload({ a: '2', added: 'y' })), true);
    const now = fs.readlinkSync(path.join(dir, '..data'));
    assert.notEqual(now, old);
    assert.equal(fs.existsSync(path.join(dir, old)), false);
    assert.equal(fs.existsSync(path.join(dir, 'gone')), false);
    assert.equal(fs.readFileSync(path.join(dir, 'a'), 'utf8'), '2');
    assert.equal(fs.readFileSync(path.join(dir, 'added'), 'utf8'), 'y');
    assert.deepEqual(fs.readdirSync(dir).sort(), ['..data', now, 'a', 'added'].sort());
  });

  it('rewrites on a mode change and applies modes', () => {
    writeAtomically(dir, payload({ a: '1' }, 0o644));
    assert.equal(writeAtomically(dir, payload({ a: '1' }, 0o400)), true);
    assert.equal(fs.statSync(path.join(dir, 'a')).mode & 0o777, 0o400);
  });

  it('an empty payload leaves only ..data and its dir', () => {
    writeAtomically(dir, new Map());
    assert.equal(fs.readdirSync(dir).length, 2);
  });

  it('rejects bad paths with upstream texts, keeping the current files', () => {
    writeAtomically(dir, payload({ a: '1' }));
    assert.throws(() => writeAtomically(dir, payload({ '../x': '1' })), /must not contain '\.\.'/);
    assert.throws(() => validatePayloadPath('/abs'), /must be relative path: \/abs/);
    assert.throws(() => validatePayloadPath('..x'), /must not start with '\.\.'/);
    assert.throws(() => validatePayloadPath(''), /must not be empty/);
    assert.equal(fs.readFileSync(path.join(dir, 'a'), 'utf8'), '1');
  });
});
