/**
 * Writing planned EndpointSlices, shared by the endpointslice and mirroring controllers: new
 * slices owned by their service (or Endpoints) and named from `<owner>-`, and a plan applied
 * with its creates, updates and deletes in flight together.
 */
import { StatusError } from '../../api/status_error.js';
import type { EndpointSlice } from '../../api/types/service.js';
import type { ResourceClient } from '../../client/resource_client.js';
import { ANNOTATION_LAST_CHANGE_TRIGGER_TIME } from '../endpoint/pod_endpoint_util.js';
import { generateName } from './generated_name.js';
import type { SlicePlan, SliceTemplate } from './slice_plan.js';

/** The writes slices need. */
export type SliceWriter = Pick<ResourceClient<EndpointSlice>, 'create' | 'update' | 'delete'>;

/** Builds new slices in `namespace` controlled by `owner` (a v1 Service or Endpoints). */
export function sliceFactory(
  owner: { kind: 'Service' | 'Endpoints'; name: string; uid: string },
  namespace: string,
  labels: Record<string, string>,
  annotations?: Record<string, string>,
): SliceTemplate['newSlice'] {
  return (addressType, ports) => ({
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      generateName: `${owner.name}-`,
      namespace,
      labels,
      ...(annotations ? { annotations } : {}),
      ownerReferences: [{ apiVersion: 'v1', ...owner, controller: true, blockOwnerDeletion: true }],
    },
    addressType,
    endpoints: [],
    ports,
  });
}

/** Creates `slice`, naming it from its generateName; a name already taken is drawn again. */
async function createNamed(client: Pick<SliceWriter, 'create'>, slice: EndpointSlice): Promise<void> {
  const prefix = slice.metadata.generateName;
  for (let attempt = 0; ; attempt++) {
    const name = prefix ? generateName(prefix) : slice.metadata.name;
    try {
      await client.create({ ...slice, metadata: { ...slice.metadata, name } });
      return;
    } catch (err) {
      if (!(prefix && attempt < 5 && err instanceof StatusError && err.code === 409)) throw err;
    }
  }
}

/**
 * Applies a plan: creates, updates and deletes concurrently, stamping `triggerTime` on what is
 * written; the first failure is thrown, except creations refused because the namespace is
 * terminating (nothing to keep there).
 */
export async function applySlicePlan(
  client: SliceWriter,
  plan: SlicePlan,
  triggerTime: string | undefined,
): Promise<void> {
  const annotate = (s: EndpointSlice): EndpointSlice => {
    if (!triggerTime) return s;
    const annotations = { ...s.metadata.annotations, [ANNOTATION_LAST_CHANGE_TRIGGER_TIME]: triggerTime };
    return { ...s, metadata: { ...s.metadata, annotations } };
  };
  const ignore404 = (err: unknown) => {
    if (!(err instanceof StatusError && err.code === 404)) throw err;
  };
  const ignoreTerminating = (err: unknown) => {
    if (!(err instanceof StatusError && err.code === 403)) throw err;
  };
  await Promise.all([
    ...plan.delete.map((s) => client.delete(s.metadata.namespace!, s.metadata.name!).catch(ignore404)),
    ...plan.update.map((s) => client.update(annotate(s))),
    ...plan.create.map((s) => createNamed(client, annotate(s)).catch(ignoreTerminating)),
  ]);
}
