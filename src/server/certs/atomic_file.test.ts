import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from './atomic_file.js';

async function withTempDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'kubets-atomic-'));
  try {
    await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

test('writeFileAtomic writes the data with the mode, creating the parent directory', () =>
  withTempDir(async (dir) => {
    const path = join(dir, 'a', 'b', 'secret.key');
    await writeFileAtomic(path, 'hello', 0o600);
    assert.equal(await readFile(path, 'utf8'), 'hello');
    assert.equal((await stat(path)).mode & 0o777, 0o600);
    assert.deepEqual(await readdir(join(dir, 'a', 'b')), ['secret.key']);
  }));

test('writeFileAtomic replaces an existing file, which takes the new mode', () =>
  withTempDir(async (dir) => {
    const path = join(dir, 'file');
    await writeFile(path, 'old contents', { mode: 0o666 });
    await writeFileAtomic(path, new Uint8Array([1, 2, 3]), 0o640);
    assert.deepEqual([...(await readFile(path))], [1, 2, 3]);
    assert.equal((await stat(path)).mode & 0o777, 0o640);
    assert.deepEqual(await readdir(dir), ['file']);
  }));

test('writeFileAtomic leaves no temporary file behind when it fails', () =>
  withTempDir(async (dir) => {
    const path = join(dir, 'occupied');
    await mkdir(join(path, 'child'), { recursive: true }); // rename cannot replace a non-empty directory
    await assert.rejects(writeFileAtomic(path, 'x', 0o600));
    assert.deepEqual(await readdir(dir), ['occupied']);
  }));
