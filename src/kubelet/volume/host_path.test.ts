import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { checkHostPathType } from './host_path.js';

describe('checkHostPathType', () => {
  let dir: string;
  let file: string;
  let sock: string;
  let server: net.Server;
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hostpath-'));
    file = path.join(dir, 'f');
    fs.writeFileSync(file, 'x');
    sock = path.join(dir, 's.sock');
    server = net.createServer();
    await new Promise<void>((r) => server.listen(sock, r));
  });
  after(() => {
    server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('"" checks nothing, even a missing path', () => {
    checkHostPathType(path.join(dir, 'missing'), '');
    checkHostPathType(path.join(dir, 'missing'), undefined);
  });

  it('DirectoryOrCreate creates 0755 directories, parents included', () => {
    const p = path.join(dir, 'new/deep');
    checkHostPathType(p, 'DirectoryOrCreate');
    assert.ok(fs.statSync(p).isDirectory());
    assert.equal(fs.statSync(p).mode & 0o777, 0o755 & ~process.umask());
    assert.throws(() => checkHostPathType(file, 'DirectoryOrCreate'), {
      message: `hostPath type check failed: ${file} is not a directory`,
    });
  });

  it('FileOrCreate creates an empty file', () => {
    const p = path.join(dir, 'created');
    checkHostPathType(p, 'FileOrCreate');
    assert.ok(fs.statSync(p).isFile());
    assert.equal(fs.statSync(p).size, 0);
    assert.throws(() => checkHostPathType(dir, 'FileOrCreate'), /is not a file/);
  });

  const cases: [string, () => string, string | undefined][] = [
    ['Directory', () => dir, undefined],
    ['Directory', () => file, 'is not a directory'],
    ['Directory', () => path.join(dir, 'nope'), 'is not a directory'],
    ['File', () => file, undefined],
    ['File', () => dir, 'is not a file'],
    ['Socket', () => sock, undefined],
    ['Socket', () => file, 'is not a socket file'],
    ['CharDevice', () => '/dev/null', undefined],
    ['CharDevice', () => file, 'is not a character device'],
    ['BlockDevice', () => file, 'is not a block device'],
  ];
  for (const [type, p, err] of cases) {
    it(`${type} on ${err ? 'the wrong kind' : 'the right kind'} (${err ?? 'ok'})`, () => {
      if (err === undefined) checkHostPathType(p(), type);
      else
        assert.throws(() => checkHostPathType(p(), type), {
          message: `hostPath type check failed: ${p()} ${err}`,
        });
    });
  }

  it('an unknown type is invalid', () => {
    assert.throws(() => checkHostPathType(dir, 'Pipe'), { message: 'Pipe is an invalid volume type' });
  });
});
