/**
 * ControllerRef semantics shared by the workload controllers (upstream's
 * `BaseControllerRefManager.ClaimObject`): which candidate objects a controller owns, which
 * orphans it adopts (selector matches, neither side being deleted, same namespace) and which
 * of its own it releases (selector no longer matches, unless it is itself being deleted); plus
 * the strategic-merge patches that adopt and release, and owner-reference indexes.
 */
import type { KubeObject, OwnerReference } from '../../api/object.js';
import { StatusError } from '../../api/status_error.js';
import type { ResourceClient } from '../../client/resource_client.js';

/** The controller reference of `obj` (the owner reference with `controller: true`). */
export function controllerRefOf(obj: KubeObject): OwnerReference | undefined {
  return obj.metadata.ownerReferences?.find((r) => r.controller === true);
}

/** `metav1.NewControllerRef`: a controller reference to `owner` of kind `apiVersion`/`kind`. */
export function newControllerRef(owner: KubeObject, apiVersion: string, kind: string): OwnerReference {
  return {
    apiVersion,
    kind,
    name: owner.metadata.name!,
    uid: owner.metadata.uid!,
    controller: true,
    blockOwnerDeletion: true,
  };
}

/** Index name: objects by their controller's uid, orphans under `orphanIndexValue(namespace)`. */
export const CONTROLLER_UID_INDEX = 'controllerUID';

/** The index value under which orphans (no controller) of `namespace` are found. */
export function orphanIndexValue(namespace: string): string {
  return `orphan:${namespace}`;
}

/** The index function of `CONTROLLER_UID_INDEX`. */
export function controllerUidIndex(obj: KubeObject): string[] {
  const ref = controllerRefOf(obj);
  return [ref ? ref.uid : orphanIndexValue(obj.metadata.namespace ?? '')];
}

/** What `planClaims` decided. */
export interface ClaimPlan<T extends KubeObject> {
  /** Already ours and still matching. */
  owned: T[];
  /** Orphans to adopt (ours once the patch succeeds). */
  adopt: T[];
  /** Ours but no longer matching: to release. */
  release: T[];
}

/**
 * Classifies `candidates` for the controller `owner` as `ClaimObject` does; `match` is the
 * selector test (plus any extra filter the controller applies).
 */
export function planClaims<T extends KubeObject>(
  owner: KubeObject,
  candidates: Iterable<T>,
  match: (obj: T) => boolean,
): ClaimPlan<T> {
  const plan: ClaimPlan<T> = { owned: [], adopt: [], release: [] };
  const ownerDeleting = !!owner.metadata.deletionTimestamp;
  for (const obj of candidates) {
    const ref = controllerRefOf(obj);
    if (ref) {
      if (ref.uid !== owner.metadata.uid) continue;
      if (match(obj)) plan.owned.push(obj);
      else if (!ownerDeleting) plan.release.push(obj);
      continue;
    }
    if (ownerDeleting || !match(obj) || obj.metadata.deletionTimestamp) continue;
    if (owner.metadata.namespace && owner.metadata.namespace !== obj.metadata.namespace) continue;
    plan.adopt.push(obj);
  }
  return plan;
}

/** The patch adopting an object (its uid as precondition). */
export function adoptPatch(obj: KubeObject, ref: OwnerReference): unknown {
  return { metadata: { ownerReferences: [ref], uid: obj.metadata.uid } };
}

/** The patch releasing an object from the owner with `ownerUid`. */
export function releasePatch(obj: KubeObject, ownerUid: string): unknown {
  return { metadata: { ownerReferences: [{ $patch: 'delete', uid: ownerUid }], uid: obj.metadata.uid } };
}

function isNotFound(err: unknown): boolean {
  return err instanceof StatusError && err.code === 404;
}

/**
 * Carries out `plan` through `client`: adoptions (after `canAdopt` confirmed once that the
 * owner is live and not being deleted) and releases, concurrently. Returns the objects owned
 * afterwards (owned plus adopted ones); vanished objects are skipped; other failures throw
 * after every patch was tried.
 */
export async function applyClaims<T extends KubeObject>(
  client: Pick<ResourceClient<T>, 'patch'>,
  plan: ClaimPlan<T>,
  ref: OwnerReference,
  canAdopt: () => Promise<void>,
): Promise<T[]> {
  const owned = plan.owned.slice();
  let firstErr: unknown;
  if (plan.adopt.length > 0) {
    try {
      await canAdopt();
    } catch (err) {
      firstErr = err;
    }
  }
  const adoptions = firstErr
    ? []
    : plan.adopt.map(async (obj) => {
        const m = obj.metadata;
        try {
          owned.push(await client.patch(m.namespace ?? '', m.name!, 'strategic', adoptPatch(obj, ref)));
        } catch (err) {
          if (!isNotFound(err)) firstErr ??= err;
        }
      });
  const releases = plan.release.map(async (obj) => {
    const m = obj.metadata;
    try {
      await client.patch(m.namespace ?? '', m.name!, 'strategic', releasePatch(obj, ref.uid));
    } catch (err) {
      if (!isNotFound(err)) firstErr ??= err;
    }
  });
  await Promise.all([...adoptions, ...releases]);
  if (firstErr !== undefined) throw firstErr;
  return owned;
}

/**
 * `RecheckDeletionTimestamp`: fetches the owner fresh from the API and refuses adoption when
 * it is gone, replaced (another uid) or being deleted.
 */
export async function recheckOwner(fetch: () => Promise<KubeObject>, uid: string): Promise<void> {
  const fresh = await fetch();
  if (fresh.metadata.uid !== uid)
    throw new Error(
      `original ${fresh.kind ?? 'object'} ${fresh.metadata.name} is gone: got uid ${fresh.metadata.uid}, wanted ${uid}`,
    );
  if (fresh.metadata.deletionTimestamp)
    throw new Error(
      `${fresh.kind ?? 'object'} ${fresh.metadata.namespace}/${fresh.metadata.name} has just been deleted at ${fresh.metadata.deletionTimestamp}`,
    );
}

/** Adds `CONTROLLER_UID_INDEX` to a shared informer unless another controller already did. */
export function ensureControllerIndex(informer: {
  addIndex(name: string, fn: (o: KubeObject) => string[]): void;
}): void {
  try {
    informer.addIndex(CONTROLLER_UID_INDEX, controllerUidIndex);
  } catch (err) {
    if (!(err instanceof Error && /already exists/.test(err.message))) throw err;
  }
}
