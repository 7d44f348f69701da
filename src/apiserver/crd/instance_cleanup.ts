/**
 * Deleting every custom resource of a CRD that is being deleted, as upstream's CRD finalizer
 * does: each object without finalizers is removed, each with finalizers is marked for deletion
 * (its finalizers' owners finish the job). Reports how many objects remain.
 */
import type { KubeObject } from '../../api/object.js';
import { nowTimestamp } from '../../api/object.js';
import { StatusError } from '../../api/status_error.js';
import { NO_CHANGE } from '../store/resource_store.js';
import type { ResourceStore } from '../store/resource_store.js';

const ignorable = (err: unknown) =>
  err instanceof StatusError && (err.reason === 'NotFound' || err.reason === 'Conflict');

function markDeleted(cur: KubeObject, now: Date): KubeObject | typeof NO_CHANGE {
  if (cur.metadata.deletionTimestamp) return NO_CHANGE;
  cur.metadata.deletionTimestamp = nowTimestamp(now);
  cur.metadata.deletionGracePeriodSeconds = 0;
  return cur;
}

/**
 * Issues the deletes of every object in `rs` (all namespaces); resolves with the number of
 * objects still stored afterwards (those held by finalizers, or written meanwhile).
 */
export async function deleteAllInstances(rs: ResourceStore, now = new Date()): Promise<number> {
  await rs.cache.waitFresh();
  for (const e of rs.cache.list(rs.prefix)) {
    try {
      if (e.obj.metadata.finalizers?.length) {
        await rs.update(e.namespace, e.name, (cur) =>
          cur.metadata.finalizers?.length ? markDeleted(cur, now) : NO_CHANGE,
        );
      } else {
        await rs.deleteAt(e.namespace, e.name, e.revision);
      }
    } catch (err) {
      if (!ignorable(err)) throw err;
    }
  }
  await rs.cache.waitFresh();
  return rs.cache.list(rs.prefix).length;
}
