/**
 * ServiceAccount admission (upstream's `plugin/pkg/admission/serviceaccount`): a pod created without
 * `spec.serviceAccountName` gets `default`; the account must exist (403 `error looking up
 * service account ns/default: serviceaccount "default" not found`), its imagePullSecrets are
 * copied to a pod that names none, and the pod gets the projected token volume
 * (service_account_token_volume.ts). The `default` account is looked up a few more times before
 * giving up, as upstream waits for the controller that creates it. Mirror pods are left as
 * they are and may not name an account.
 *
 * `requireAccount: false` still defaults the name but admits pods whose account is missing
 * (for clusters without the controller that creates `default`).
 */
import { isPlainObject } from '../../api/object.js';
import type { KubeObject } from '../../api/object.js';
import type { AdmissionDeps, AdmissionPlugin } from './admission.js';
import { admissionForbidden, isCoreResource, storeOf } from './admission.js';
import { mountServiceAccountToken } from './service_account_token_volume.js';

/** Options of the ServiceAccount plugin. */
export interface ServiceAccountAdmissionOptions {
  /** Refuse pods whose service account does not exist (default true, as upstream). */
  requireAccount?: boolean;
  /** Lookups of the `default` account before it counts as missing (default 10, as upstream). */
  defaultAccountAttempts?: number;
  /** Pause between those lookups, in milliseconds (default 100–200 at random, as upstream). */
  retryDelayMs?: () => number;
}

/** The annotation marking a kubelet's mirror pod. */
export const MIRROR_POD_ANNOTATION = 'kubernetes.io/config.mirror';
/** The account a pod runs as when it names none. */
export const DEFAULT_SERVICE_ACCOUNT = 'default';

/** The ServiceAccount plugin. */
export function serviceAccountAdmission(
  deps: AdmissionDeps,
  opts: ServiceAccountAdmissionOptions = {},
): AdmissionPlugin {
  const requireAccount = opts.requireAccount ?? true;
  const attemptsForDefault = opts.defaultAccountAttempts ?? 10;
  const delay = opts.retryDelayMs ?? (() => 100 + Math.floor(Math.random() * 100));

  const lookup = async (namespace: string, name: string): Promise<KubeObject | null> => {
    const rs = storeOf(deps, '', 'serviceaccounts');
    if (!rs) return null;
    // Only a refusal is worth waiting for the serviceaccount controller to create `default`.
    const attempts = requireAccount && name === DEFAULT_SERVICE_ACCOUNT ? attemptsForDefault : 1;
    for (let i = 0; i < attempts; i++) {
      if (i > 0) await new Promise((r) => setTimeout(r, delay()));
      await rs.cache.waitFresh();
      const e = rs.cache.get(rs.key(namespace, name));
      if (e) return e.obj;
    }
    return null;
  };

  return {
    name: 'ServiceAccount',
    async admitCreate(ctx, obj) {
      if (!isCoreResource(ctx, 'pods')) return;
      const spec = (isPlainObject(obj.spec) ? obj.spec : (obj.spec = {})) as Record<string, unknown>;
      if (obj.metadata.annotations?.[MIRROR_POD_ANNOTATION] !== undefined) {
        if (spec.serviceAccountName) {
          throw admissionForbidden(ctx, obj, 'a mirror pod may not reference service accounts');
        }
        return;
      }
      if (typeof spec.serviceAccountName !== 'string' || spec.serviceAccountName === '') {
        // The deprecated `serviceAccount` field stands in for the name, as upstream's conversion.
        const deprecated = typeof spec.serviceAccount === 'string' ? spec.serviceAccount : '';
        spec.serviceAccountName = deprecated || DEFAULT_SERVICE_ACCOUNT;
      }
      spec.serviceAccount = spec.serviceAccountName;
      const ns = obj.metadata.namespace ?? '';
      const name = spec.serviceAccountName as string;
      const account = await lookup(ns, name);
      if (!account) {
        if (!requireAccount) return;
        throw admissionForbidden(
          ctx,
          obj,
          `error looking up service account ${ns}/${name}: serviceaccount ${JSON.stringify(name)} not found`,
        );
      }
      const pullSecrets = Array.isArray(account.imagePullSecrets) ? account.imagePullSecrets : [];
      const podSecrets = Array.isArray(spec.imagePullSecrets) ? spec.imagePullSecrets : [];
      if (podSecrets.length === 0 && pullSecrets.length > 0) {
        spec.imagePullSecrets = pullSecrets
          .filter(isPlainObject)
          .map((s) => ({ name: typeof s.name === 'string' ? s.name : '' }));
      }
      mountServiceAccountToken(spec, account);
    },
  };
}
