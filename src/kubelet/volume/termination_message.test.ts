import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { getTerminationMessage } from './termination_message.js';

describe('getTerminationMessage', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'termmsg-'));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'msg');
  const mounts = [
    { containerPath: '/data', hostPath: dir },
    { containerPath: '/dev/termination-log', hostPath: file },
  ];

  it('reads the file mounted at the path', () => {
    fs.writeFileSync(file, 'bye');
    assert.deepEqual(getTerminationMessage(mounts, '/dev/termination-log'), {
      message: 'bye',
      fallbackToLogs: false,
    });
  });

  it('keeps the last 4096 bytes of a longer file', () => {
    fs.writeFileSync(file, 'x'.repeat(5000) + 'y'.repeat(4096));
    assert.equal(getTerminationMessage(mounts, '/dev/termination-log').message, 'y'.repeat(4096));
  });

  it('an empty file falls back to the logs when asked', () => {
    fs.writeFileSync(file, '');
    assert.deepEqual(getTerminationMessage(mounts, '/dev/termination-log', true), {
      message: '',
      fallbackToLogs: true,
    });
    fs.writeFileSync(file, 'm');
    assert.deepEqual(getTerminationMessage(mounts, '/dev/termination-log', true), {
      message: 'm',
      fallbackToLogs: false,
    });
  });

  it('no mount, no path or a missing file give nothing', () => {
    assert.deepEqual(getTerminationMessage(mounts, '/other', true), { message: '', fallbackToLogs: true });
    assert.deepEqual(getTerminationMessage(mounts, ''), { message: '', fallbackToLogs: false });
    assert.deepEqual(getTerminationMessage(undefined, '/dev/termination-log'), {
      message: '',
      fallbackToLogs: false,
    });
    const gone = [{ containerPath: '/t', hostPath: path.join(dir, 'missing') }];
    assert.deepEqual(getTerminationMessage(gone, '/t', true), { message: '', fallbackToLogs: true });
  });

  it('an unreadable path reports the error', () => {
    const m = getTerminationMessage([{ containerPath: '/t', hostPath: dir }], '/t');
    assert.match(m.message, /^Error on reading termination log /);
  });
});
