/**
 * persistentVolumeClaim volumes (upstream's `getPVCExtractPV` and `getPVSpec`): the claim must be
 * Bound to a PersistentVolume that points back at it; kubets mounts PVs backed by `hostPath` or
 * `local`, by their path.
 */
import type { RestClient } from '../../client/rest_client.js';

interface Claim {
  metadata?: {
    uid?: string;
    deletionTimestamp?: string;
    ownerReferences?: { uid?: string; controller?: boolean }[];
  };
  spec?: { volumeName?: string };
  status?: { phase?: string };
}

interface PersistentVolume {
  metadata?: { uid?: string };
  spec?: {
    claimRef?: { uid?: string };
    hostPath?: { path: string; type?: string };
    local?: { path: string };
    [source: string]: unknown;
  };
}

/** A PV's volume, ready to mount. */
export interface ClaimedVolume {
  path: string;
  /** The hostPath type to check, for hostPath PVs. */
  hostPathType?: string;
  /** The PV's volume plugin. */
  plugin: 'hostPath' | 'local';
  pvName: string;
}

function errText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** The pod a generic ephemeral volume's claim must belong to. */
export interface EphemeralOwner {
  name: string;
  uid: string;
}

/**
 * Resolves claim `claimName` of namespace `ns` to its PV's path; throws upstream's errors. With
 * `owner` (a generic ephemeral volume) the claim must be controlled by that pod.
 */
export async function resolveClaim(
  rest: Pick<RestClient, 'request'>,
  ns: string,
  claimName: string,
  owner?: EphemeralOwner,
): Promise<ClaimedVolume> {
  const where = `error processing PVC ${ns}/${claimName}`;
  let pvc: Claim;
  try {
    pvc = await rest.request<Claim>({
      method: 'GET',
      path: `/api/v1/namespaces/${encodeURIComponent(ns)}/persistentvolumeclaims/${encodeURIComponent(claimName)}`,
    });
  } catch (err) {
    throw new Error(`${where}: failed to fetch PVC from API server: ${errText(err)}`);
  }
  if (owner && !(pvc.metadata?.ownerReferences ?? []).some((r) => r.controller && r.uid === owner.uid))
    throw new Error(`PVC ${ns}/${claimName} was not created for pod ${ns}/${owner.name} (pod is not owner)`);
  if (pvc.metadata?.deletionTimestamp)
    throw new Error(`${where}: can't start pod because PVC ${ns}/${claimName} is being deleted`);
  const pvName = pvc.spec?.volumeName ?? '';
  if (pvc.status?.phase !== 'Bound' || !pvName) throw new Error(`${where}: PVC is not bound`);
  let pv: PersistentVolume;
  try {
    pv = await rest.request<PersistentVolume>({
      method: 'GET',
      path: `/api/v1/persistentvolumes/${encodeURIComponent(pvName)}`,
    });
  } catch (err) {
    throw new Error(`${where}: failed to fetch PV ${pvName} from API server: ${errText(err)}`);
  }
  const ref = pv.spec?.claimRef;
  if (!ref)
    throw new Error(
      `${where}: found PV object ${pvName} but it has a nil pv.Spec.ClaimRef indicating it is not yet bound to the claim`,
    );
  if (ref.uid !== pvc.metadata?.uid)
    throw new Error(
      `${where}: found PV object ${pvName} but its pv.Spec.ClaimRef.UID (${ref.uid ?? ''}) does not point to claim.UID (${pvc.metadata?.uid ?? ''})`,
    );
  if (pv.spec?.hostPath)
    return { path: pv.spec.hostPath.path, hostPathType: pv.spec.hostPath.type, plugin: 'hostPath', pvName };
  if (pv.spec?.local) return { path: pv.spec.local.path, plugin: 'local', pvName };
  const kinds = Object.keys(pv.spec ?? {}).filter((k) => !KNOWN_PV_FIELDS.has(k));
  throw new Error(
    `no volume plugin matched: PV ${pvName} has source ${kinds.join(', ') || '(none)'}; kubets mounts hostPath and local PVs only`,
  );
}

const KNOWN_PV_FIELDS = new Set([
  'claimRef',
  'capacity',
  'accessModes',
  'persistentVolumeReclaimPolicy',
  'storageClassName',
  'mountOptions',
  'volumeMode',
  'nodeAffinity',
  'volumeAttributesClassName',
]);
