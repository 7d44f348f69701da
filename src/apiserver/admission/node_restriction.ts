/**
 * NodeRestriction, as upstream's admission plugin: a kubelet (`system:node:<name>`) changes only
 * its own Node (and not its taints, its configSource, or labels in the kubernetes.io and k8s.io
 * namespaces beyond the kubelet's own), only the status of pods bound to it, creates only mirror
 * pods bound to and owned by its Node that refer to no secret, config map, claim or service
 * account, deletes and evicts only pods bound to it, uses only its own Lease and CSINode, updates
 * only the status of claims, and asks only for tokens bound to pods bound to it. Messages are
 * upstream's. Other users pass untouched.
 */
import type { KubeObject } from '../../api/object.js';
import { deepEqual } from '../../api/object.js';
import { notFoundError } from '../../api/status_error.js';
import { podConfigMapNames, podSecretNames } from '../../api/pod_refs.js';
import type { Pod } from '../../api/types/pod.js';
import type { RequestContext } from '../handlers/context.js';
import {
  NODE_LEASE_NAMESPACE,
  NODE_USER_PREFIX,
  NODES_GROUP,
  nodeIdentity,
} from '../auth/node_authorizer.js';
import type { AdmissionDeps, AdmissionPlugin } from './admission.js';
import { admissionForbidden, storeOf } from './admission.js';
import { MIRROR_POD_ANNOTATION } from './service_account.js';

type Json = Record<string, unknown>;
const rec = (v: unknown): Json => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});

/** The labels a kubelet may set on its Node in the kubernetes.io namespaces (upstream's `kubeletLabels`). */
export const KUBELET_LABELS: ReadonlySet<string> = new Set([
  'kubernetes.io/hostname',
  'topology.kubernetes.io/zone',
  'topology.kubernetes.io/region',
  'failure-domain.beta.kubernetes.io/zone',
  'failure-domain.beta.kubernetes.io/region',
  'beta.kubernetes.io/instance-type',
  'node.kubernetes.io/instance-type',
  'kubernetes.io/os',
  'kubernetes.io/arch',
  'beta.kubernetes.io/os',
  'beta.kubernetes.io/arch',
]);
/** Label namespaces (and their subdomains) a kubelet may set freely. */
const KUBELET_LABEL_NAMESPACES = ['kubelet.kubernetes.io', 'node.kubernetes.io'];
/** A label namespace kubelets may never set. */
const NODE_RESTRICTION_NAMESPACE = 'node-restriction.kubernetes.io';

function labelNamespace(key: string): string {
  const slash = key.indexOf('/');
  return slash >= 0 ? key.slice(0, slash) : '';
}

const inNamespace = (ns: string, domain: string) => ns === domain || ns.endsWith(`.${domain}`);

/** Upstream's `IsKubeletLabel`: a label a kubelet may set on its own Node. */
export function isKubeletLabel(key: string): boolean {
  if (KUBELET_LABELS.has(key)) return true;
  const ns = labelNamespace(key);
  return KUBELET_LABEL_NAMESPACES.some((d) => inNamespace(ns, d));
}

/** The keys whose values differ between two label maps (added, removed or changed), sorted. */
export function modifiedLabels(a: Record<string, string> = {}, b: Record<string, string> = {}): string[] {
  const keys = new Set<string>();
  for (const [k, v] of Object.entries(a)) if (b[k] !== v) keys.add(k);
  for (const [k, v] of Object.entries(b)) if (a[k] !== v) keys.add(k);
  return [...keys].sort();
}

/** The labels of `keys` a kubelet may not add, remove or change (upstream's `getForbiddenLabels`). */
export function forbiddenNodeLabels(keys: readonly string[]): string[] {
  return keys.filter((k) => {
    const ns = labelNamespace(k);
    if (inNamespace(ns, NODE_RESTRICTION_NAMESPACE)) return true;
    const kubernetes = inNamespace(ns, 'kubernetes.io') || inNamespace(ns, 'k8s.io');
    return kubernetes && !isKubeletLabel(k);
  });
}

/**
 * Why node `node` may not create `pod`, judged by its annotation, node and owner (upstream's
 * `admitPodCreate` up to the node lookup), or null.
 */
export function mirrorPodOwnerRefusal(node: string, pod: Pod): string | null {
  const n = JSON.stringify(node);
  if (pod.metadata.annotations?.[MIRROR_POD_ANNOTATION] === undefined)
    return `pod does not have "${MIRROR_POD_ANNOTATION}" annotation, node ${n} can only create mirror pods`;
  if ((pod.spec?.nodeName ?? '') !== node)
    return `node ${n} can only create pods with spec.nodeName set to itself`;
  const owners = pod.metadata.ownerReferences ?? [];
  if (owners.length > 1) return `node ${n} can only create pods with a single owner reference set to itself`;
  const owner = owners[0];
  if (!owner || owner.apiVersion !== 'v1' || owner.kind !== 'Node' || owner.name !== node)
    return `node ${n} can only create pods with an owner reference set to itself`;
  if (owner.controller !== true)
    return `node ${n} can only create pods with a controller owner reference set to itself`;
  if (owner.blockOwnerDeletion === true)
    return `node ${n} must not set blockOwnerDeletion on an owner reference`;
  return null;
}

/** Why node `node` may not create mirror pod `pod` for what it refers to, or null. */
export function mirrorPodRefsRefusal(node: string, pod: Pod): string | null {
  const n = JSON.stringify(node);
  if (pod.spec?.serviceAccountName) return `node ${n} can not create pods that reference a service account`;
  if (podSecretNames(pod).length) return `node ${n} can not create pods that reference secrets`;
  if (podConfigMapNames(pod).length) return `node ${n} can not create pods that reference configmaps`;
  if ((pod.spec?.volumes ?? []).some((v) => v.persistentVolumeClaim))
    return `node ${n} can not create pods that reference persistentvolumeclaims`;
  return null;
}

/** Why node `node` may not make `next` of its Node `old` (null for a create), or null. */
export function nodeUpdateRefusal(node: string, next: KubeObject, old: KubeObject | null): string | null {
  const n = JSON.stringify(node);
  const spec = rec(next.spec);
  if (!old) {
    if (spec.configSource != null)
      return `node ${n} is not allowed to create pods with a non-nil configSource`;
    const bad = forbiddenNodeLabels(modifiedLabels(next.metadata.labels, {}));
    if (bad.length) return `node ${n} is not allowed to set the following labels: ${bad.join(', ')}`;
    return null;
  }
  const oldSpec = rec(old.spec);
  if (spec.configSource != null && !deepEqual(spec.configSource, oldSpec.configSource))
    return `node ${n} is not allowed to update configSource to a new non-nil configSource`;
  if (!deepEqual(spec.taints ?? [], oldSpec.taints ?? [])) return `node ${n} is not allowed to modify taints`;
  const bad = forbiddenNodeLabels(modifiedLabels(next.metadata.labels, old.metadata.labels));
  if (bad.length) return `is not allowed to modify labels: ${bad.join(', ')}`;
  return null;
}

/** A claim as NodeRestriction compares it: without what a kubelet may change in its status. */
function claimWithoutNodeFields(pvc: KubeObject): KubeObject {
  const status = { ...rec(pvc.status) };
  for (const k of ['capacity', 'conditions', 'allocatedResources', 'allocatedResourceStatuses'])
    delete status[k];
  const { resourceVersion: _rv, managedFields: _mf, ...metadata } = pvc.metadata;
  return { ...pvc, metadata, status };
}

type Operation = 'CREATE' | 'UPDATE' | 'DELETE';

/** The NodeRestriction admission plugin, reading pods and nodes from the API server's stores. */
export function nodeRestriction(deps: AdmissionDeps): AdmissionPlugin {
  const getObject = async (plural: string, namespace: string, name: string) => {
    const rs = storeOf(deps, '', plural);
    if (!rs) return undefined;
    await rs.cache.waitFresh();
    return rs.cache.get(rs.key(namespace, name))?.obj;
  };
  const podOf = async (namespace: string, name: string): Promise<Pod> => {
    const pod = await getObject('pods', namespace, name);
    if (!pod) throw notFoundError({ group: '', resource: 'pods' }, name);
    return pod as Pod;
  };

  const admit = async (
    ctx: RequestContext,
    op: Operation,
    obj: KubeObject,
    old: KubeObject | null,
  ): Promise<void> => {
    const user = ctx.user;
    const node = nodeIdentity(user);
    if (node === null) {
      if (user.groups.includes(NODES_GROUP) && user.name.startsWith(NODE_USER_PREFIX))
        throw admissionForbidden(ctx, obj, `could not determine node from user "${user.name}"`);
      return;
    }
    const refuse = (why: string) => admissionForbidden(ctx, obj, why);
    const n = JSON.stringify(node);
    const sub = ctx.info.subresource;
    const name = obj.metadata.name ?? '';
    switch (`${ctx.def.group}/${ctx.def.plural}`) {
      case '/pods': {
        if (sub === '') {
          if (op === 'CREATE') {
            const pod = obj as Pod;
            const why = mirrorPodOwnerRefusal(node, pod);
            if (why) throw refuse(why);
            const nodeObj = await getObject('nodes', '', node);
            if (!nodeObj) throw notFoundError({ group: '', resource: 'nodes' }, node);
            const owner = pod.metadata.ownerReferences![0]!;
            if (owner.uid !== nodeObj.metadata.uid)
              throw refuse(
                `node ${node} UID mismatch: expected ${owner.uid} got ${nodeObj.metadata.uid ?? ''}`,
              );
            const refs = mirrorPodRefsRefusal(node, pod);
            if (refs) throw refuse(refs);
            return;
          }
          if (op === 'DELETE') {
            if ((obj as Pod).spec?.nodeName !== node)
              throw refuse(`node ${n} can only delete pods with spec.nodeName set to itself`);
            return;
          }
          throw refuse(`unexpected operation "${op}", node ${n} can only create and delete mirror pods`);
        }
        if (sub === 'status') {
          if (op !== 'UPDATE') throw refuse(`unexpected operation "${op}"`);
          if ((old as Pod).spec?.nodeName !== node)
            throw refuse(`node ${n} can only update pod status for pods with spec.nodeName set to itself`);
          if (!deepEqual(obj.metadata.labels ?? {}, old!.metadata.labels ?? {}))
            throw refuse(`node ${n} cannot update labels through pod status`);
          return;
        }
        if (sub === 'eviction') {
          if (op !== 'CREATE') throw refuse(`unexpected operation ${op}`);
          const podName = ctx.info.name || name;
          if (!podName) throw refuse('could not determine pod from request data');
          const pod = await podOf(ctx.info.namespace, podName);
          if (pod.spec?.nodeName !== node)
            throw refuse(`node ${node} can only evict pods with spec.nodeName set to itself`);
          return;
        }
        throw refuse(`unexpected pod subresource "${sub}", only 'status' and 'eviction' are allowed`);
      }
      case '/nodes': {
        const requested = op === 'CREATE' ? name : ctx.info.name;
        if (requested !== node) throw refuse(`node ${n} is not allowed to modify node "${requested}"`);
        if (op === 'DELETE') return;
        const why = nodeUpdateRefusal(node, obj, op === 'CREATE' ? null : old);
        if (why) throw refuse(why);
        return;
      }
      case '/persistentvolumeclaims': {
        if (sub !== 'status') throw refuse('may only update PVC status');
        if (op !== 'UPDATE') throw refuse(`unexpected operation "${op}"`);
        if (!deepEqual(claimWithoutNodeFields(obj), claimWithoutNodeFields(old!)))
          throw refuse(
            `node ${n} is not allowed to update fields other than status.capacity and status.conditions`,
          );
        return;
      }
      case '/serviceaccounts': {
        if (op !== 'CREATE' || sub !== 'token') return;
        const ref = rec(rec(obj.spec).boundObjectRef);
        if ((ref.apiVersion ?? 'v1') !== 'v1' || ref.kind !== 'Pod' || !ref.name)
          throw refuse('node requested token not bound to a pod');
        if (!ref.uid) throw refuse('node requested token with a pod binding without a uid');
        const pod = await podOf(ctx.info.namespace, String(ref.name));
        if (ref.uid !== pod.metadata.uid)
          throw refuse(
            `the UID in the bound object reference (${String(ref.uid)}) does not match the UID in record. The object might have been deleted and then recreated`,
          );
        if (pod.spec?.nodeName !== node)
          throw refuse('node requested token bound to a pod scheduled on a different node');
        return;
      }
      case 'coordination.k8s.io/leases': {
        if (ctx.info.namespace !== NODE_LEASE_NAMESPACE && obj.metadata.namespace !== NODE_LEASE_NAMESPACE)
          throw refuse(`can only access leases in the "${NODE_LEASE_NAMESPACE}" system namespace`);
        if ((op === 'CREATE' ? name : ctx.info.name) !== node)
          throw refuse('can only access node lease with the same name as the requesting node');
        return;
      }
      case 'storage.k8s.io/csinodes': {
        if ((op === 'CREATE' ? name : ctx.info.name) !== node)
          throw refuse('can only access CSINode with the same name as the requesting node');
        return;
      }
    }
  };

  return {
    name: 'NodeRestriction',
    validateCreate: (ctx, obj) => admit(ctx, 'CREATE', obj, null),
    validateUpdate: (ctx, obj, old) => admit(ctx, 'UPDATE', obj, old),
    validateDelete: (ctx, obj) => admit(ctx, 'DELETE', obj, obj),
  };
}
