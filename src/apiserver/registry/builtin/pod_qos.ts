/**
 * A pod's quality-of-service class (`qos.ComputePodQOS`): Guaranteed when every container
 * limits cpu and memory and the pod's summed requests equal its summed limits, BestEffort when
 * nothing is requested or limited, Burstable otherwise. Only cpu and memory count.
 */
import type { Quantity } from '../../../api/quantity.js';
import { rec, recs } from '../../../api/json_fields.js';
import { parseQuantityValue } from './validate.js';

const QOS_RESOURCES = ['cpu', 'memory'];

function addPositive(sum: Map<string, Quantity>, list: unknown, found?: Set<string>): void {
  const m = rec(list);
  for (const name of QOS_RESOURCES) {
    if (!(name in m)) continue;
    const q = parseQuantityValue(m[name]);
    if (!q || q.sign() <= 0) continue;
    found?.add(name);
    const prev = sum.get(name);
    sum.set(name, prev ? prev.add(q) : q);
  }
}

/** The `status.qosClass` of a pod with the given spec. */
export function computePodQOS(specValue: unknown): 'Guaranteed' | 'Burstable' | 'BestEffort' {
  const spec = rec(specValue);
  const requests = new Map<string, Quantity>();
  const limits = new Map<string, Quantity>();
  let guaranteed = true;
  for (const c of [...recs(spec.containers), ...recs(spec.initContainers)]) {
    const resources = rec(c.resources);
    addPositive(requests, resources.requests);
    const found = new Set<string>();
    addPositive(limits, resources.limits, found);
    if (!found.has('cpu') || !found.has('memory')) guaranteed = false;
  }
  if (requests.size === 0 && limits.size === 0) return 'BestEffort';
  if (guaranteed) {
    for (const [name, req] of requests) {
      const lim = limits.get(name);
      if (!lim || lim.cmp(req) !== 0) {
        guaranteed = false;
        break;
      }
    }
  }
  return guaranteed && requests.size === limits.size ? 'Guaranteed' : 'Burstable';
}
