/**
 * Priority admission (upstream's `plugin/pkg/admission/priority`): a pod's
 * `spec.priorityClassName` is resolved to `spec.priority` and `spec.preemptionPolicy` (the
 * global default class when none is named, else priority 0); an unknown class or a pod that
 * states a different priority or policy itself is 403 Forbidden. Only one PriorityClass may be
 * the global default. The system classes are created at start, as upstream's bootstrap hook.
 */
import { isPlainObject, nowTimestamp } from '../../api/object.js';
import type { KubeObject } from '../../api/object.js';
import { StatusError } from '../../api/status_error.js';
import type { RequestContext } from '../handlers/context.js';
import type { ResourceStore } from '../store/resource_store.js';
import type { AdmissionDeps, AdmissionPlugin } from './admission.js';
import { admissionForbidden, isCoreResource, listFresh } from './admission.js';

/** `scheduling.DefaultPriorityWhenNoDefaultClassExists`. */
export const DEFAULT_PRIORITY = 0;

/** The classes upstream's API server creates: name, value, description. */
export const SYSTEM_PRIORITY_CLASSES = [
  {
    name: 'system-node-critical',
    value: 2000001000,
    description: 'Used for system critical pods that must not be moved from their current node.',
  },
  {
    name: 'system-cluster-critical',
    value: 2000000000,
    description:
      'Used for system critical pods that must run in the cluster, but can be moved to another node if necessary.',
  },
];

const GROUP = 'scheduling.k8s.io';

/** The global default class: the one with the lowest value when a race left several. */
export function globalDefaultClass(classes: readonly KubeObject[]): KubeObject | undefined {
  let best: KubeObject | undefined;
  for (const pc of classes) {
    if (pc.globalDefault !== true) continue;
    if (!best || Number(pc.value) < Number(best.value)) best = pc;
  }
  return best;
}

/** Creates the system priority classes that do not exist yet. */
export async function ensureSystemPriorityClasses(rs: ResourceStore): Promise<void> {
  await rs.cache.whenReady();
  for (const pc of SYSTEM_PRIORITY_CLASSES) {
    if (rs.cache.get(rs.key('', pc.name))) continue;
    const obj: KubeObject = {
      apiVersion: `${GROUP}/v1`,
      kind: 'PriorityClass',
      metadata: { name: pc.name, uid: crypto.randomUUID(), creationTimestamp: nowTimestamp() },
      value: pc.value,
      globalDefault: false,
      description: pc.description,
      preemptionPolicy: 'PreemptLowerPriority',
    };
    await rs.create(obj).catch((err) => {
      if (!(err instanceof StatusError && err.reason === 'AlreadyExists')) throw err;
    });
  }
}

/** The Priority plugin. */
export function priorityAdmission(deps: AdmissionDeps): AdmissionPlugin {
  const classes = () => listFresh(deps, GROUP, 'priorityclasses', '');
  const isPriorityClass = (group: string, plural: string) => group === GROUP && plural === 'priorityclasses';

  /** Only one class may be the global default (an update may keep its own mark). */
  const validateDefault = async (ctx: RequestContext, obj: KubeObject, update: boolean) => {
    if (!isPriorityClass(ctx.def.group, ctx.def.plural) || ctx.info.subresource) return;
    if (obj.globalDefault !== true) return;
    const dpc = globalDefaultClass(await classes());
    if (dpc && !(update && dpc.metadata.name === obj.metadata.name)) {
      throw admissionForbidden(
        ctx,
        obj,
        `PriorityClass ${dpc.metadata.name} is already marked as default. Only one default can exist`,
      );
    }
  };

  return {
    name: 'Priority',
    async admitCreate(ctx, obj) {
      if (!isCoreResource(ctx, 'pods')) return;
      const spec = (isPlainObject(obj.spec) ? obj.spec : (obj.spec = {})) as Record<string, unknown>;
      const all = await classes();
      const named = typeof spec.priorityClassName === 'string' ? spec.priorityClassName : '';
      let priority = DEFAULT_PRIORITY;
      let policy: unknown = 'PreemptLowerPriority';
      if (!named) {
        const dpc = globalDefaultClass(all);
        if (dpc) {
          spec.priorityClassName = dpc.metadata.name;
          priority = Number(dpc.value);
          policy = dpc.preemptionPolicy;
        }
      } else {
        const pc = all.find((c) => c.metadata.name === named);
        if (!pc) throw admissionForbidden(ctx, obj, `no PriorityClass with name ${named} was found`);
        priority = Number(pc.value);
        policy = pc.preemptionPolicy;
      }
      if (typeof spec.priority === 'number' && spec.priority !== priority) {
        throw admissionForbidden(
          ctx,
          obj,
          `the integer value of priority (${spec.priority}) must not be provided in pod spec; priority admission controller computed ${priority} from the given PriorityClass name`,
        );
      }
      spec.priority = priority;
      if (typeof policy === 'string' && policy) {
        if (typeof spec.preemptionPolicy === 'string' && spec.preemptionPolicy !== policy) {
          throw admissionForbidden(
            ctx,
            obj,
            `the string value of PreemptionPolicy (${spec.preemptionPolicy}) must not be provided in pod spec; priority admission controller computed ${policy} from the given PriorityClass name`,
          );
        }
        spec.preemptionPolicy = policy;
      }
    },
    admitUpdate(ctx, obj, old) {
      if (!isCoreResource(ctx, 'pods')) return;
      // The priority set on create is kept; validation refuses any other change to it.
      const spec = (isPlainObject(obj.spec) ? obj.spec : (obj.spec = {})) as Record<string, unknown>;
      const oldSpec = isPlainObject(old.spec) ? old.spec : {};
      if (spec.priority === undefined && oldSpec.priority !== undefined) spec.priority = oldSpec.priority;
      if (spec.preemptionPolicy === undefined && oldSpec.preemptionPolicy !== undefined)
        spec.preemptionPolicy = oldSpec.preemptionPolicy;
    },
    validateCreate: (ctx, obj) => validateDefault(ctx, obj, false),
    validateUpdate: (ctx, obj) => validateDefault(ctx, obj, true),
  };
}
