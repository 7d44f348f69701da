/**
 * Reconciles the default RBAC policy at start, as kube-apiserver's `rbac/bootstrap-roles`
 * post-start hook: missing default roles and bindings are created; existing ones annotated
 * `rbac.authorization.kubernetes.io/autoupdate: "true"` get the default rules, labels,
 * annotations, aggregation selectors and subjects added (nothing is removed); those annotated
 * `"false"` are left as the user made them.
 */
import { isDeepStrictEqual } from 'node:util';
import type { KubeObject } from '../../api/object.js';
import { StatusError } from '../../api/status_error.js';
import { NO_CHANGE } from '../store/resource_store.js';
import type { ResourceStore } from '../store/resource_store.js';
import { prepareCreate } from '../write_path.js';
import { AUTOUPDATE_ANNOTATION } from './bootstrap_roles.js';

type Loose = KubeObject & Record<string, unknown>;

function unionBy<T>(current: readonly T[], wanted: readonly T[]): T[] {
  const out = [...current];
  for (const w of wanted) if (!out.some((c) => isDeepStrictEqual(c, w))) out.push(w);
  return out;
}

/**
 * The reconciled form of `current` given the default `wanted` (a ClusterRole, Role,
 * ClusterRoleBinding or RoleBinding), or null when nothing needs to change or autoupdate is off.
 */
export function reconcileDefault(current: KubeObject, wanted: KubeObject): KubeObject | null {
  if (current.metadata.annotations?.[AUTOUPDATE_ANNOTATION] === 'false') return null;
  const next = structuredClone(current) as Loose;
  const w = wanted as Loose;
  next.metadata.labels = { ...w.metadata.labels, ...current.metadata.labels };
  next.metadata.annotations = { ...w.metadata.annotations, ...current.metadata.annotations };
  if (w.kind === 'ClusterRole' || w.kind === 'Role') {
    if (w.aggregationRule) {
      const cur =
        (next.aggregationRule as { clusterRoleSelectors?: unknown[] } | undefined)?.clusterRoleSelectors ??
        [];
      const want = (w.aggregationRule as { clusterRoleSelectors: unknown[] }).clusterRoleSelectors;
      next.aggregationRule = { clusterRoleSelectors: unionBy(cur, want) };
    } else {
      next.rules = unionBy((next.rules as unknown[] | undefined) ?? [], (w.rules as unknown[]) ?? []);
    }
  } else {
    const subjects = unionBy(
      (next.subjects as unknown[] | undefined) ?? [],
      (w.subjects as unknown[] | undefined) ?? [],
    );
    if (subjects.length) next.subjects = subjects;
  }
  return isDeepStrictEqual(next, current) ? null : next;
}

/**
 * Creates or reconciles each of `defaults` in `rs` (roles or bindings, cluster-scoped or in their
 * namespace); a binding whose roleRef differs is recreated.
 */
export async function reconcileDefaults(rs: ResourceStore, defaults: readonly KubeObject[]): Promise<void> {
  for (const wanted of defaults) {
    const name = wanted.metadata.name!;
    const ns = wanted.metadata.namespace ?? '';
    const current = rs.cache.get(rs.key(ns, name))?.obj;
    if (!current) {
      const obj = structuredClone(wanted);
      prepareCreate(rs.def, obj, { user: 'system:apiserver' });
      await rs.create(obj).catch((err) => {
        if (!(err instanceof StatusError && err.reason === 'AlreadyExists')) throw err;
      });
      continue;
    }
    const roleRefChanged =
      (wanted.kind === 'ClusterRoleBinding' || wanted.kind === 'RoleBinding') &&
      !isDeepStrictEqual((current as Loose).roleRef, (wanted as Loose).roleRef) &&
      current.metadata.annotations?.[AUTOUPDATE_ANNOTATION] !== 'false';
    if (roleRefChanged) {
      await rs.deleteAt(ns, name, Number(current.metadata.resourceVersion));
      const obj = structuredClone(wanted);
      prepareCreate(rs.def, obj, { user: 'system:apiserver' });
      await rs.create(obj);
      continue;
    }
    await rs.update(ns, name, (cur) => reconcileDefault(cur, wanted) ?? NO_CHANGE);
  }
}
