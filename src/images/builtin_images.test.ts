import assert from 'node:assert/strict';
import { test } from 'node:test';
import zlib from 'node:zlib';
import { KUBETS_PAUSE_IMAGE } from '../kubelet/containerd/containerd_config.js';
import {
  buildBusyboxImage,
  buildPauseImage,
  defaultBusyboxTag,
  PAUSE_ENTRYPOINT,
  readHostBusybox,
} from './builtin_images.js';
import type { OciArchive } from './oci_archive.js';
import { readTar } from './tar_reader.js';

const haveBusybox = (() => {
  try {
    readHostBusybox();
    return true;
  } catch {
    return false;
  }
})();
const skip = haveBusybox ? false : 'busybox-static is not installed';

function contents(image: OciArchive) {
  const members = new Map(readTar(image.archive).map((m) => [m.path, m]));
  const blob = (d: string) => members.get(`blobs/${d.replace(':', '/')}`)!.data;
  const layer = new Map(readTar(zlib.gunzipSync(blob(image.layerDigest))).map((m) => [m.path, m]));
  const config = JSON.parse(blob(image.configDigest).toString());
  return { layer, config };
}

test('a missing busybox is a clear error', () => {
  assert.throws(() => readHostBusybox('/nonexistent/busybox'), {
    message: 'busybox-static is not installed: /nonexistent/busybox not found',
  });
  assert.throws(
    () => buildBusyboxImage({ busybox: '/nonexistent/busybox' }),
    /busybox-static is not installed/,
  );
});

test('the default busybox tag is major.minor of its version', () => {
  assert.equal(defaultBusyboxTag('1.35.0'), 'docker.io/library/busybox:1.35');
});

test('the busybox image: the binary, a symlink per applet in /bin, /etc, /tmp 1777, Cmd sh', { skip }, () => {
  const bb = readHostBusybox();
  const image = buildBusyboxImage();
  assert.equal(image.name, defaultBusyboxTag(bb.version));
  const { layer, config } = contents(image);
  assert.deepEqual(layer.get('bin/busybox')!.data, bb.binary);
  assert.equal(layer.get('bin/busybox')!.mode, 0o755);
  assert.equal(layer.get('bin/sh')!.type, 'symlink');
  assert.equal(layer.get('bin/sh')!.linkname, 'busybox');
  for (const a of bb.applets) assert.equal(layer.get(`bin/${a}`)?.linkname, 'busybox', a);
  assert.ok(bb.applets.length > 100);
  assert.equal(layer.get('tmp/')!.mode, 0o1777);
  assert.match(layer.get('etc/passwd')!.data.toString(), /^root:x:0:0:.*\nnobody:x:65534:/);
  assert.match(layer.get('etc/group')!.data.toString(), /^root:x:0:/);
  for (const d of ['root/', 'var/', 'proc/', 'sys/', 'dev/'])
    assert.equal(layer.get(d)?.type, 'directory', d);
  assert.deepEqual(config.config.Cmd, ['sh']);
  assert.equal(buildBusyboxImage({ tag: 'example.com/bb:t' }).name, 'example.com/bb:t');
  assert.equal(buildBusyboxImage().manifestDigest, image.manifestDigest, 'reproducible');
});

test('the pause image: busybox and sh only, named KUBETS_PAUSE_IMAGE, sleeping entrypoint', { skip }, () => {
  const image = buildPauseImage();
  assert.equal(image.name, KUBETS_PAUSE_IMAGE);
  const { layer, config } = contents(image);
  const files = [...layer.values()].filter((m) => m.type !== 'directory').map((m) => m.path);
  assert.deepEqual(files.sort(), ['bin/busybox', 'bin/sh']);
  assert.deepEqual(config.config.Entrypoint, PAUSE_ENTRYPOINT);
  assert.equal(config.config.Cmd, undefined);
});
