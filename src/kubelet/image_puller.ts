/**
 * Making sure a container's image is on the node before it starts (upstream's `imageManager
 * .EnsureImageExists`): the pull policy (Always, IfNotPresent, Never), the pod's pull secrets,
 * upstream's events (Pulling, Pulled, Failed, BackOff, ErrImageNeverPull) and the back-off
 * between failed pulls that shows as ImagePullBackOff.
 */
import type { Secret } from '../api/types/cluster.js';
import type { Container, Pod } from '../api/types/pod.js';
import type { Clock } from '../client/clock.js';
import type { ImageService, PodSandboxConfig } from './cri/api.js';
import { CrashBackoff } from './crash_backoff.js';
import { pullAuths } from './image_auth.js';

/** An image that could not be made present: `reason` is the container's waiting reason. */
export class ImagePullError extends Error {
  override readonly name = 'ImagePullError';
  constructor(
    readonly reason: 'ErrImagePull' | 'ImagePullBackOff' | 'ErrImageNeverPull' | 'InvalidImageName',
    message: string,
  ) {
    super(message);
  }
}

/** Where the puller reports events about the pod. */
export type PodEventSink = (pod: Pod, type: 'Normal' | 'Warning', reason: string, message: string) => void;

/** The default pull policy of an image as the API server sets it: Always for `:latest` or no tag. */
export function defaultPullPolicy(image: string): 'Always' | 'IfNotPresent' {
  if (image.includes('@')) return 'IfNotPresent';
  const last = image.slice(image.lastIndexOf('/') + 1);
  const tag = last.includes(':') ? last.slice(last.indexOf(':') + 1) : '';
  return tag === '' || tag === 'latest' ? 'Always' : 'IfNotPresent';
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(3).replace(/\.?0+$/, '')}s`;
}

/** Pulls images for pods, with back-off per pod and image. */
export class ImagePuller {
  private readonly backoff: CrashBackoff;
  private readonly lastFailure = new Map<string, { at: number; message: string }>();

  constructor(
    private images: ImageService,
    private readonly clock: Clock,
    private readonly event: PodEventSink,
  ) {
    this.backoff = new CrashBackoff(clock);
  }

  /**
   * Returns the runtime's reference of `container`'s image, pulling it when the policy says so.
   * Throws `ImagePullError` (after recording the events) when it cannot.
   */
  async ensureImage(
    pod: Pod,
    container: Container,
    secrets: readonly Secret[],
    sandboxConfig: PodSandboxConfig,
  ): Promise<string> {
    const image = container.image ?? '';
    if (!image.trim())
      throw new ImagePullError(
        'InvalidImageName',
        'Failed to apply default image tag "": couldn\'t parse image name "": invalid reference format',
      );
    const policy = container.imagePullPolicy ?? defaultPullPolicy(image);
    const present = await this.images.imageStatus({ image });
    if (present && policy !== 'Always') {
      this.event(pod, 'Normal', 'Pulled', `Container image "${image}" already present on machine`);
      return present.id;
    }
    if (!present && policy === 'Never') {
      const msg = `Container image "${image}" is not present with pull policy of Never`;
      this.event(pod, 'Warning', 'ErrImageNeverPull', msg);
      throw new ImagePullError('ErrImageNeverPull', msg);
    }
    const key = `${pod.metadata.uid}/${image}`;
    const failure = this.lastFailure.get(key);
    if (failure && this.backoff.isInBackOffSince(key, failure.at)) {
      const msg = `Back-off pulling image "${image}"`;
      this.event(pod, 'Normal', 'BackOff', msg);
      throw new ImagePullError('ImagePullBackOff', msg);
    }
    this.event(pod, 'Normal', 'Pulling', `Pulling image "${image}"`);
    const started = this.clock.now();
    const auths = pullAuths(image, secrets);
    let lastErr: unknown;
    for (const auth of auths.length > 0 ? auths : [undefined]) {
      try {
        const ref = await this.images.pullImage({ image }, auth, sandboxConfig);
        const took = seconds(this.clock.now() - started);
        const size = (await this.images.imageStatus({ image }).catch(() => null))?.size;
        this.event(
          pod,
          'Normal',
          'Pulled',
          `Successfully pulled image "${image}" in ${took} (${took} including waiting)${size !== undefined ? `. Image size: ${size} bytes.` : ''}`,
        );
        this.lastFailure.delete(key);
        this.backoff.reset(key);
        return ref;
      } catch (err) {
        lastErr = err;
      }
    }
    const now = this.clock.now();
    this.backoff.next(key, now);
    const message = lastErr instanceof Error ? lastErr.message : String(lastErr);
    this.lastFailure.set(key, { at: now, message });
    this.event(pod, 'Warning', 'Failed', `Failed to pull image "${image}": ${message}`);
    this.event(pod, 'Warning', 'Failed', 'Error: ErrImagePull');
    throw new ImagePullError('ErrImagePull', message);
  }

  /** A puller sharing this one's back-off state and events that calls `images` (one pod's timed calls). */
  withImages(images: ImageService): ImagePuller {
    const view = Object.create(this) as ImagePuller;
    view.images = images;
    return view;
  }

  /** Forgets a pod's back-off state. */
  forgetPod(uid: string): void {
    this.backoff.resetPrefix(`${uid}/`);
    for (const k of this.lastFailure.keys()) if (k.startsWith(`${uid}/`)) this.lastFailure.delete(k);
  }
}
