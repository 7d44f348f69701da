import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { readTar } from './tar_reader.js';
import type { TarEntry } from './tar_writer.js';
import { writeTar } from './tar_writer.js';

const long = `${'d'.repeat(80)}/${'e'.repeat(80)}/${'f'.repeat(90)}`;
const veryLong = `${'x'.repeat(120)}/${'y'.repeat(120)}`;
const entries: TarEntry[] = [
  { type: 'directory', path: 'bin', mode: 0o755 },
  { type: 'file', path: 'bin/tool', data: Buffer.from('#!/bin/sh\necho hi\n'), mode: 0o755 },
  { type: 'symlink', path: 'bin/sh', target: 'tool' },
  { type: 'directory', path: 'tmp', mode: 0o1777 },
  { type: 'file', path: long, data: Buffer.alloc(1000, 7) },
  { type: 'file', path: veryLong, data: Buffer.from('pax'), uid: 1000, gid: 100, mtime: 1700000000 },
  { type: 'symlink', path: 'far', target: veryLong },
];

test('what writeTar writes, readTar reads back: types, modes, owners, long paths', () => {
  const members = readTar(writeTar(entries));
  assert.deepEqual(
    members.map((m) => [m.path, m.type, m.mode, m.linkname, m.data.length]),
    [
      ['bin/', 'directory', 0o755, '', 0],
      ['bin/tool', 'file', 0o755, '', 18],
      ['bin/sh', 'symlink', 0o777, 'tool', 0],
      ['tmp/', 'directory', 0o1777, '', 0],
      [long, 'file', 0o644, '', 1000],
      [veryLong, 'file', 0o644, '', 3],
      ['far', 'symlink', 0o777, veryLong, 0],
    ],
  );
  assert.equal(members[5]!.uid, 1000);
  assert.equal(members[5]!.gid, 100);
  assert.equal(members[5]!.mtime, 1700000000);
  assert.equal(members[0]!.mtime, 0);
});

test('the same entries give the same bytes', () => {
  assert.deepEqual(writeTar(entries), writeTar(entries));
});

test('GNU tar extracts what writeTar writes', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubets-tar-'));
  try {
    fs.writeFileSync(path.join(dir, 'a.tar'), writeTar(entries));
    const out = path.join(dir, 'out');
    fs.mkdirSync(out);
    execFileSync('tar', ['-xf', path.join(dir, 'a.tar'), '-C', out]);
    assert.equal(fs.readFileSync(path.join(out, 'bin/sh'), 'utf8'), '#!/bin/sh\necho hi\n');
    assert.equal(fs.readlinkSync(path.join(out, 'bin/sh')), 'tool');
    assert.equal(fs.readFileSync(path.join(out, veryLong), 'utf8'), 'pax');
    assert.equal(fs.statSync(path.join(out, long)).size, 1000);
    assert.equal(fs.readlinkSync(path.join(out, 'far')), veryLong);
    const listing = execFileSync('tar', ['-tvf', path.join(dir, 'a.tar')], { encoding: 'utf8' });
    assert.match(listing, /drwxrwxrwt .* tmp\//);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('readTar rejects a corrupted header and a truncated archive', () => {
  const tar = writeTar(entries);
  const bad = Buffer.from(tar);
  bad[0] = bad[0]! ^ 1;
  assert.throws(() => readTar(bad), /bad header checksum/);
  assert.throws(() => readTar(tar.subarray(0, 700)), /truncated/);
});
