import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { buildBusyboxImage, buildPauseImage } from '../images/builtin_images.js';
import { importImageArchive } from '../images/containerd_import.js';
import type { OciArchive } from '../images/oci_archive.js';
import { UsageError } from './usage_error.js';

/** Help text of `kubets image`. */
export const IMAGE_USAGE = `Usage: kubets image <subcommand> [options]

Images without a registry: builds the images every node needs from Debian's busybox-static and
imports image archives (these, \`docker save\` tars, OCI layout tars) into containerd.

Subcommands:
  build-busybox [--tag T] [-o FILE]   write the busybox image archive (default tag
                                      docker.io/library/busybox:<busybox major.minor>)
  build-pause [-o FILE]               write the pod sandbox image archive (localhost/kubets/pause)
  import FILE [options]               import an image archive into containerd with ctr

Options of import:
  --address SOCK     containerd's socket (default /run/kubets/containerd/containerd.sock)
  --namespace NS     containerd namespace (default k8s.io, the CRI's)
  --snapshotter S    unpack for this snapshotter (default ctr's, overlayfs)

  -o, --output FILE  where the archive is written (default <name>-<tag>.tar here)
  -h, --help         show this help
`;

/** The default archive file name of an image: `busybox-1.35.tar` for `docker.io/library/busybox:1.35`. */
export function archiveFileName(imageName: string): string {
  const last = imageName.slice(imageName.lastIndexOf('/') + 1);
  return `${last.replace(/:/g, '-')}.tar`;
}

function writeArchive(image: OciArchive, output: string | undefined): void {
  const file = output ?? archiveFileName(image.name);
  fs.writeFileSync(file, image.archive);
  process.stdout.write(`wrote ${file}: ${image.name} (${image.manifestDigest})\n`);
}

/** `kubets image build-busybox | build-pause | import`: see `IMAGE_USAGE`. */
export async function imageCommand(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      tag: { type: 'string' },
      output: { type: 'string', short: 'o' },
      address: { type: 'string', default: '/run/kubets/containerd/containerd.sock' },
      namespace: { type: 'string', default: 'k8s.io' },
      snapshotter: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
    allowPositionals: true,
  });
  if (values.help) {
    process.stdout.write(IMAGE_USAGE);
    return;
  }
  const [sub, ...args] = positionals;
  if (sub === undefined)
    throw new UsageError('a subcommand is required: build-busybox, build-pause or import');
  const only = (allowed: string[]) => {
    const given = Object.entries({ tag: values.tag, output: values.output, snapshotter: values.snapshotter })
      .filter(([, v]) => v !== undefined)
      .map(([k]) => k);
    const wrong = given.find((k) => !allowed.includes(k));
    if (wrong) throw new UsageError(`--${wrong} does not apply to ${sub}`);
  };
  switch (sub) {
    case 'build-busybox':
      if (args.length > 0) throw new UsageError(`build-busybox takes no arguments, got ${args.join(' ')}`);
      only(['tag', 'output']);
      writeArchive(buildBusyboxImage({ tag: values.tag }), values.output);
      return;
    case 'build-pause':
      if (args.length > 0) throw new UsageError(`build-pause takes no arguments, got ${args.join(' ')}`);
      only(['output']);
      writeArchive(buildPauseImage(), values.output);
      return;
    case 'import': {
      if (args.length !== 1) throw new UsageError('import takes exactly one archive file');
      only(['snapshotter']);
      const names = await importImageArchive({
        file: args[0]!,
        address: values.address,
        namespace: values.namespace,
        snapshotter: values.snapshotter,
      });
      for (const n of names) process.stdout.write(`imported ${n}\n`);
      return;
    }
    default:
      throw new UsageError(`unknown subcommand ${JSON.stringify(sub)}: build-busybox, build-pause or import`);
  }
}
