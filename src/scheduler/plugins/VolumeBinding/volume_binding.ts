/**
 * VolumeBinding: a pod's PersistentVolumeClaims must exist and not be terminating; bound claims'
 * volumes must be reachable from the node (PV node affinity); unbound claims of an Immediate
 * class block the pod until bound, while WaitForFirstConsumer claims are satisfied by a matching
 * available PV or dynamic provisioning. PreBind records the choice: the PV's claimRef for a
 * static volume, the `volume.kubernetes.io/selected-node` annotation for provisioning.
 */
import type { KubeObject } from '../../../api/object.js';
import type { Node } from '../../../api/types/node.js';
import type { NodeSelector, Pod } from '../../../api/types/pod.js';
import { Quantity } from '../../../api/quantity.js';
import { ActionType } from '../../framework/events.js';
import type { Handle } from '../../framework/handle.js';
import type {
  EnqueueExtensions,
  FilterPlugin,
  PreBindPlugin,
  PreFilterPlugin,
  ReservePlugin,
} from '../../framework/interfaces.js';
import type { Status } from '../../framework/status.js';
import { SKIP, SUCCESS, asStatus, unresolvable } from '../../framework/status.js';
import { nodeSelectorMatches } from '../../util/node_selector.js';

/** The plugin's name. */
export const NAME = 'VolumeBinding';
/** Upstream's reasons. */
export const ERR_REASON_BIND_CONFLICT = "node(s) didn't find available persistent volumes to bind";
export const ERR_REASON_NODE_CONFLICT = 'node(s) had volume node affinity conflict';
export const ERR_REASON_UNBOUND_IMMEDIATE = 'pod has unbound immediate PersistentVolumeClaims';
/** The annotation telling a provisioner which node was chosen. */
export const ANN_SELECTED_NODE = 'volume.kubernetes.io/selected-node';
const NO_PROVISIONER = 'kubernetes.io/no-provisioner';
const STATE_KEY = 'PreFilter' + NAME;

type Claim = KubeObject & {
  spec?: {
    volumeName?: string;
    storageClassName?: string;
    resources?: { requests?: Record<string, string> };
    accessModes?: string[];
  };
};
type Volume = KubeObject & {
  spec?: {
    storageClassName?: string;
    capacity?: Record<string, string>;
    claimRef?: { namespace?: string; name?: string; uid?: string };
    nodeAffinity?: { required?: NodeSelector };
  };
  status?: { phase?: string };
};

/** What PreFilter found about the pod's claims. */
export interface VolumeState {
  boundVolumes: Volume[];
  /** Unbound WaitForFirstConsumer claims with their class's provisioner. */
  delayed: { claim: Claim; provisioner: string }[];
  /** Static volumes chosen per node by Filter (node → claim key → PV). */
  chosen: Map<string, Map<string, Volume>>;
}

/** The claim names of the pod's volumes (ephemeral volumes use `<pod>-<volume>`). */
export function podClaimNames(pod: Pod): string[] {
  const out: string[] = [];
  for (const v of pod.spec?.volumes ?? []) {
    if (v.persistentVolumeClaim?.claimName) out.push(v.persistentVolumeClaim.claimName);
    else if (v.ephemeral) out.push(`${pod.metadata.name}-${v.name}`);
  }
  return out;
}

function volumeFitsNode(pv: Volume, node: Node): boolean {
  const req = pv.spec?.nodeAffinity?.required;
  return !req || nodeSelectorMatches(req, node);
}

function bytes(q: string | undefined): number {
  if (!q) return 0;
  try {
    return Quantity.parse(q).value();
  } catch {
    return 0;
  }
}

/** Finds an available PV for a delayed claim on `node` (smallest that fits), not one in `taken`. */
export function findMatchingVolume(
  claim: Claim,
  volumes: Volume[],
  node: Node,
  taken: Set<Volume>,
): Volume | undefined {
  const want = bytes(claim.spec?.resources?.requests?.storage);
  const cls = claim.spec?.storageClassName ?? '';
  let best: Volume | undefined;
  for (const pv of volumes) {
    if (taken.has(pv) || pv.spec?.claimRef || (pv.status?.phase && pv.status.phase !== 'Available')) continue;
    if ((pv.spec?.storageClassName ?? '') !== cls) continue;
    const size = bytes(pv.spec?.capacity?.storage);
    if (size < want || !volumeFitsNode(pv, node)) continue;
    if (!best || size < bytes(best.spec?.capacity?.storage)) best = pv;
  }
  return best;
}

/** Builds the plugin. */
export function newVolumeBinding(
  _args: unknown,
  h: Handle,
): PreFilterPlugin & FilterPlugin & ReservePlugin & PreBindPlugin & EnqueueExtensions {
  return {
    name: NAME,
    preFilter(state, pod) {
      const names = podClaimNames(pod);
      if (names.length === 0) return { status: SKIP };
      const ns = pod.metadata.namespace ?? '';
      const s: VolumeState = { boundVolumes: [], delayed: [], chosen: new Map() };
      for (const name of names) {
        const claim = h.listers.persistentVolumeClaims.get(ns, name) as Claim | undefined;
        if (!claim) return { status: unresolvable(`persistentvolumeclaim "${name}" not found`) };
        if (claim.metadata.deletionTimestamp)
          return { status: unresolvable(`persistentvolumeclaim "${name}" is being deleted`) };
        const vn = claim.spec?.volumeName;
        if (vn) {
          const pv = h.listers.persistentVolumes.get('', vn) as Volume | undefined;
          if (!pv) return { status: unresolvable(`persistentvolume "${vn}" not found`) };
          s.boundVolumes.push(pv);
          continue;
        }
        const cls = h.listers.storageClasses.get('', claim.spec?.storageClassName ?? '') as
          (KubeObject & { volumeBindingMode?: string; provisioner?: string }) | undefined;
        if (!cls || cls.volumeBindingMode !== 'WaitForFirstConsumer')
          return { status: unresolvable(ERR_REASON_UNBOUND_IMMEDIATE) };
        s.delayed.push({ claim, provisioner: cls.provisioner ?? '' });
      }
      state.write(STATE_KEY, s);
      return { status: SUCCESS };
    },
    filter(state, _pod, ni): Status {
      const s = state.read<VolumeState>(STATE_KEY);
      if (!s) return asStatus(new Error(`reading "${STATE_KEY}" from cycleState: not found`));
      const node = ni.node!;
      for (const pv of s.boundVolumes)
        if (!volumeFitsNode(pv, node)) return unresolvable(ERR_REASON_NODE_CONFLICT);
      const taken = new Set<Volume>();
      const chosen = new Map<string, Volume>();
      const volumes = h.listers.persistentVolumes.list() as Volume[];
      for (const d of s.delayed) {
        const pv = findMatchingVolume(d.claim, volumes, node, taken);
        if (pv) {
          taken.add(pv);
          chosen.set(`${d.claim.metadata.namespace}/${d.claim.metadata.name}`, pv);
        } else if (!d.provisioner || d.provisioner === NO_PROVISIONER)
          return unresolvable(ERR_REASON_BIND_CONFLICT);
      }
      if (chosen.size > 0) s.chosen.set(ni.name, chosen);
      return SUCCESS;
    },
    reserve: () => SUCCESS,
    unreserve: () => undefined,
    async preBind(state, _pod, nodeName) {
      const s = state.read<VolumeState>(STATE_KEY);
      if (!s || s.delayed.length === 0) return SUCCESS;
      const chosen = s.chosen.get(nodeName) ?? new Map<string, Volume>();
      try {
        for (const d of s.delayed) {
          const m = d.claim.metadata;
          const pv = chosen.get(`${m.namespace}/${m.name}`);
          if (pv) {
            await h.clients.persistentVolumes.patch('', pv.metadata.name ?? '', 'merge', {
              spec: {
                claimRef: {
                  kind: 'PersistentVolumeClaim',
                  apiVersion: 'v1',
                  namespace: m.namespace,
                  name: m.name,
                  uid: m.uid,
                },
              },
            });
          } else {
            await h.clients.persistentVolumeClaims.patch(m.namespace ?? '', m.name ?? '', 'merge', {
              metadata: { annotations: { [ANN_SELECTED_NODE]: nodeName } },
            });
          }
        }
      } catch (err) {
        return asStatus(err);
      }
      return SUCCESS;
    },
    eventsToRegister: () => [
      { resource: 'PersistentVolumeClaim', actions: ActionType.Add | ActionType.UpdateOther },
      { resource: 'PersistentVolume', actions: ActionType.Add | ActionType.UpdateOther },
      { resource: 'StorageClass', actions: ActionType.Add | ActionType.UpdateOther },
      { resource: 'Node', actions: ActionType.Add | ActionType.UpdateNodeLabel },
    ],
  };
}
