import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mountPoints, netnsDirAction } from './netns_dir.js';

const info = (...points: string[]) =>
  points.map((p, i) => `${20 + i} 1 0:4 / ${p} rw,relatime shared:1 - tmpfs tmpfs rw`).join('\n') + '\n';

describe('netns_dir', () => {
  it('reads mount points, decoding octal escapes', () => {
    assert.deepEqual(mountPoints(info('/', '/run', '/mnt/a\\040b')), ['/', '/run', '/mnt/a b']);
  });
  it('mounts /run/netns when nothing is beneath it', () => {
    assert.equal(netnsDirAction(mountPoints(info('/', '/run'))), 'mount');
  });
  it('leaves it when namespaces are already mounted beneath it', () => {
    assert.equal(netnsDirAction(mountPoints(info('/', '/run/netns/cni-1'))), 'leave');
  });
  it('is ready when it is a mount point', () => {
    assert.equal(netnsDirAction(mountPoints(info('/', '/run/netns', '/run/netns/cni-1'))), 'ready');
  });
  it('does not take a sibling with the same prefix for a namespace', () => {
    assert.equal(netnsDirAction(mountPoints(info('/', '/run/netns2/x'))), 'mount');
  });
});
