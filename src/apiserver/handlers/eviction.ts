/**
 * POST `pods/<name>/eviction` (policy/v1 Eviction; a policy/v1beta1 body is accepted), as
 * upstream's `EvictionREST`: a pod that is terminal, pending or already being deleted is deleted
 * at once; otherwise the one PodDisruptionBudget selecting it must allow a disruption — its
 * `status.disruptionsAllowed` is decremented by a compare-and-swap write (429 TooManyRequests
 * `Cannot evict pod as it would violate the pod's disruption budget.` when none is left, or
 * while the budget's controller has not observed its generation). The pod then gets the
 * DisruptionTarget condition and is deleted with the eviction's deleteOptions; the answer is
 * 201 with a Success Status. An unready pod may go without spending the budget when the budget
 * is healthy or its unhealthyPodEvictionPolicy is AlwaysAllow.
 */
import { labelSelectorAsSelector } from '../../api/label_selector.js';
import type { MetaLabelSelector } from '../../api/label_selector.js';
import type { KubeObject } from '../../api/object.js';
import { isPlainObject, nowTimestamp } from '../../api/object.js';
import { badRequestError, forbiddenError, notFoundError, StatusError } from '../../api/status_error.js';
import { listFresh, storeOf } from '../admission/admission.js';
import { decodeBody, readBody } from '../http/body.js';
import { sendObject } from '../http/respond.js';
import type { RequestContext } from './context.js';
import { isDryRun } from './context.js';
import type { DeleteOptions } from './delete.js';
import { checkDeleteOptions, checkPreconditions, deleteObject } from './delete.js';
import { checkBody } from '../admission/field_validation.js';

/** `MaxDisruptedPodSize`: evictions the budget's controller has not confirmed yet, at most. */
export const MAX_DISRUPTED_POD_SIZE = 2000;
/** The message of an eviction the budget refuses. */
export const EVICTION_REFUSED = "Cannot evict pod as it would violate the pod's disruption budget.";
const ATTEMPTS = 20;

type Json = Record<string, unknown>;
const rec = (v: unknown): Json => (isPlainObject(v) ? v : {});

/** 429 with the DisruptionBudget cause, as upstream's `checkAndDecrement` and `createTooManyRequestsError`. */
export function budgetRefusal(cause: string, retryAfterSeconds: number): StatusError {
  return new StatusError(429, 'TooManyRequests', EVICTION_REFUSED, {
    ...(retryAfterSeconds ? { retryAfterSeconds } : {}),
    causes: [{ reason: 'DisruptionBudget', message: cause }],
  });
}

/** `canIgnorePDB`: terminal, pending and terminating pods are evicted without a budget. */
export function canIgnoreBudget(pod: KubeObject): boolean {
  const phase = rec(pod.status).phase;
  return (
    phase === 'Succeeded' || phase === 'Failed' || phase === 'Pending' || !!pod.metadata.deletionTimestamp
  );
}

/** `podutil.IsPodReady`. */
export function isPodReady(pod: KubeObject): boolean {
  const conds = Array.isArray(rec(pod.status).conditions) ? (rec(pod.status).conditions as unknown[]) : [];
  return conds.some((c) => rec(c).type === 'Ready' && rec(c).status === 'True');
}

/** The budgets whose (non-empty, valid) selector matches the pod's labels. */
export function budgetsForPod(pdbs: readonly KubeObject[], pod: KubeObject): KubeObject[] {
  return pdbs.filter((pdb) => {
    let selector;
    try {
      selector = labelSelectorAsSelector(rec(pdb.spec).selector as MetaLabelSelector | undefined);
    } catch {
      return false;
    }
    return !selector.isEmpty() && !selector.isNothing() && selector.matches(pod.metadata.labels ?? {});
  });
}

/**
 * `checkAndDecrement`: the budget with one disruption spent and the pod recorded in
 * `disruptedPods`, or the refusal.
 */
export function spendDisruption(pdb: KubeObject, podName: string, now: Date): KubeObject {
  const name = pdb.metadata.name ?? '';
  const status = rec(pdb.status);
  const allowed = typeof status.disruptionsAllowed === 'number' ? status.disruptionsAllowed : 0;
  const observed = typeof status.observedGeneration === 'number' ? status.observedGeneration : 0;
  if (observed < (pdb.metadata.generation ?? 0)) {
    throw budgetRefusal(`The disruption budget ${name} is still being processed by the server.`, 10);
  }
  const gr = { group: 'policy', resource: 'poddisruptionbudget' };
  if (allowed < 0) throw forbiddenError(gr, name, 'pdb disruptions allowed is negative');
  if (Object.keys(rec(status.disruptedPods)).length > MAX_DISRUPTED_POD_SIZE) {
    throw forbiddenError(
      gr,
      name,
      'DisruptedPods map too big - too many evictions not confirmed by PDB controller',
    );
  }
  if (allowed === 0) {
    const desired = Number(status.desiredHealthy ?? 0);
    const current = Number(status.currentHealthy ?? 0);
    throw budgetRefusal(
      `The disruption budget ${name} needs ${desired} healthy pods and has ${current} currently`,
      0,
    );
  }
  const next: Json = { ...status, disruptionsAllowed: allowed - 1 };
  if (allowed - 1 === 0) {
    const conditions = (Array.isArray(status.conditions) ? status.conditions : []).filter(
      (c) => rec(c).type !== 'DisruptionAllowed',
    );
    const prev = (Array.isArray(status.conditions) ? status.conditions : [])
      .map(rec)
      .find((c) => c.type === 'DisruptionAllowed');
    conditions.push({
      type: 'DisruptionAllowed',
      status: 'False',
      observedGeneration: observed,
      lastTransitionTime: prev?.status === 'False' ? prev.lastTransitionTime : nowTimestamp(now),
      reason: 'InsufficientPods',
      message: '',
    });
    next.conditions = conditions;
  }
  next.disruptedPods = { ...rec(status.disruptedPods), [podName]: nowTimestamp(now) };
  return { ...pdb, status: next };
}

function readEviction(body: unknown, urlName: string): DeleteOptions {
  if (!isPlainObject(body))
    throw badRequestError('the object provided is unrecognized (must be of type object)');
  if (body.kind !== undefined && body.kind !== 'Eviction')
    throw badRequestError(`not a Eviction object: ${String(body.kind)}`);
  if (
    body.apiVersion !== undefined &&
    body.apiVersion !== 'policy/v1' &&
    body.apiVersion !== 'policy/v1beta1'
  ) {
    throw badRequestError(
      `the API version in the data (${String(body.apiVersion)}) does not match the expected API version (policy/v1)`,
    );
  }
  const name = rec(body.metadata).name;
  if (name !== urlName) throw badRequestError('name in URL does not match name in Eviction object');
  if (body.deleteOptions !== undefined && body.deleteOptions !== null && !isPlainObject(body.deleteOptions)) {
    throw badRequestError('deleteOptions must be an object');
  }
  return checkDeleteOptions(structuredClone(rec(body.deleteOptions)) as DeleteOptions);
}

/** Marks the pod as a disruption target (not in dry runs) and deletes it with `opts`. */
async function addConditionAndDelete(ctx: RequestContext, opts: DeleteOptions): Promise<void> {
  const ns = ctx.info.namespace;
  const name = ctx.info.name;
  const gr = { group: '', resource: 'pods' };
  if (!isDryRun(ctx.query)) {
    const updated = await ctx.rs.update(ns, name, (cur) => {
      checkPreconditions(gr, name, opts.preconditions, cur);
      const status = rec(cur.status);
      const conditions = (Array.isArray(status.conditions) ? status.conditions : []).filter(
        (c) => rec(c).type !== 'DisruptionTarget',
      );
      conditions.push({
        type: 'DisruptionTarget',
        status: 'True',
        lastProbeTime: null,
        lastTransitionTime: nowTimestamp(),
        reason: 'EvictionByEvictionAPI',
        message: 'Eviction API: evicting',
      });
      return { ...cur, status: { ...status, conditions } };
    });
    // The condition write moved the resourceVersion a precondition pins.
    if (opts.preconditions?.resourceVersion) {
      opts = {
        ...opts,
        preconditions: { ...opts.preconditions, resourceVersion: updated.obj.metadata.resourceVersion },
      };
    }
  }
  await deleteObject(ctx, ns, name, opts);
}

function withPodRevision(opts: DeleteOptions, pod: KubeObject): DeleteOptions {
  if (opts.preconditions?.resourceVersion) return opts;
  return { ...opts, preconditions: { ...opts.preconditions, resourceVersion: pod.metadata.resourceVersion } };
}

/** The eviction subresource. */
export async function handleEviction(ctx: RequestContext): Promise<void> {
  const body = decodeBody(await readBody(ctx.req), ctx.req.headers['content-type']);
  checkBody(ctx, body, 'io.k8s.api.policy.v1.Eviction');
  const original = readEviction(body, ctx.info.name);
  const eviction: KubeObject = {
    apiVersion: 'policy/v1',
    kind: 'Eviction',
    metadata: { name: ctx.info.name, namespace: ctx.info.namespace },
    deleteOptions: original,
  };
  await ctx.api.admission.validateCreate(ctx, eviction);
  if (original.dryRun?.includes('All') && !isDryRun(ctx.query)) {
    const query = new URLSearchParams(ctx.query);
    query.append('dryRun', 'All');
    ctx = { ...ctx, query };
  }
  const ns = ctx.info.namespace;
  const name = ctx.info.name;
  const pinned = !!original.preconditions?.resourceVersion;
  const success = () =>
    sendObject(ctx.res, 201, {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Success',
      code: 201,
    });

  let pod: KubeObject | null = null;
  for (let attempt = 0; ; attempt++) {
    pod = await ctx.rs.currentFromStore(ctx.rs.key(ns, name));
    if (!pod) throw notFoundError({ group: '', resource: 'pods' }, name);
    if (!canIgnoreBudget(pod)) break;
    const phase = rec(pod.status).phase;
    const enforce = phase !== 'Succeeded' && phase !== 'Failed' && !pod.metadata.deletionTimestamp;
    try {
      await addConditionAndDelete(ctx, enforce ? withPodRevision(original, pod) : original);
      return success();
    } catch (err) {
      // The pod changed while we looked: look again, unless the caller pinned its version.
      const retry = err instanceof StatusError && err.reason === 'Conflict' && !pinned && attempt < ATTEMPTS;
      if (!retry) throw err;
    }
  }

  const pdbs = budgetsForPod(await listFresh(ctx.api, 'policy', 'poddisruptionbudgets', ns), pod);
  if (pdbs.length > 1) {
    sendObject(ctx.res, 500, {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message:
        'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.',
      code: 500,
    });
    return;
  }
  let opts = original;
  const pdb = pdbs[0];
  if (pdb) {
    const spec = rec(pdb.spec);
    const status = rec(pdb.status);
    const desired = Number(status.desiredHealthy ?? 0);
    const healthyBudget = Number(status.currentHealthy ?? 0) >= desired && desired > 0;
    if (!isPodReady(pod) && (spec.unhealthyPodEvictionPolicy === 'AlwaysAllow' || healthyBudget)) {
      // Deleting an unready pod disrupts nothing: the budget is not spent, but the pod must not
      // have become ready since.
      opts = withPodRevision(original, pod);
    } else {
      const pdbStore = storeOf(ctx.api, 'policy', 'poddisruptionbudgets')!;
      await pdbStore.update(ns, pdb.metadata.name ?? '', (cur) => spendDisruption(cur, name, new Date()), {
        dryRun: isDryRun(ctx.query),
      });
    }
  }
  try {
    await addConditionAndDelete(ctx, opts);
  } catch (err) {
    if (err instanceof StatusError && err.reason === 'Conflict' && opts !== original && !pinned) {
      throw budgetRefusal(
        `The disruption budget ${pdb?.metadata.name ?? ''} is still being processed by the server.`,
        10,
      );
    }
    throw err;
  }
  success();
}
