/**
 * Helpers shared by the table printers, each a port of the upstream helper of the same job
 * (`translateTimestampSince`, `layoutContainerCells`, `labels.FormatLabels`, …).
 */
import { age, humanDuration } from '../../../api/duration.js';
import type { KubeObject } from '../../../api/object.js';
import type { PrinterColumn } from '../resource.js';
import { AGE_COLUMN, NAME_COLUMN } from './define.js';
import { rec, recs, sortedKeys, str, strMap } from '../../../api/json_fields.js';

/** `translateTimestampSince`: how long ago `ts` was, `<unknown>` when unset. */
export function since(ts: unknown, now: Date): string {
  return age(typeof ts === 'string' ? ts : undefined, now);
}

/** `duration.HumanDuration(b - a)` for two timestamps. */
export function between(from: string, to: string): string {
  return humanDuration(Date.parse(to) - Date.parse(from));
}

/** The AGE cell of an object. */
export function objectAge(obj: KubeObject, now: Date): string {
  return age(obj.metadata.creationTimestamp, now);
}

/** `labels.FormatLabels`: `a=b,c=d` in key order, `<none>` when empty. */
export function formatLabels(v: unknown): string {
  const m = strMap(v);
  const keys = sortedKeys(m);
  if (keys.length === 0) return '<none>';
  return keys.map((k) => `${k}=${m[k]}`).join(',');
}

/** `layoutContainerCells`: the containers' names and images, comma-joined. */
export function containerCells(containers: unknown): [string, string] {
  const list = recs(containers);
  return [list.map((c) => str(c.name)).join(','), list.map((c) => str(c.image)).join(',')];
}

/** The containers of a pod template (`spec.template.spec.containers`) of a workload object. */
export function templateContainers(spec: unknown): unknown {
  return rec(rec(rec(spec).template).spec).containers;
}

/** Column shorthand: a string column, optionally only for `-o wide`. */
export function col(name: string, description?: string, wide = false): PrinterColumn {
  return {
    name,
    type: 'string',
    ...(description ? { description } : {}),
    ...(wide ? { priority: 1 } : {}),
  };
}

/** Column shorthand for a number column. */
export function intCol(name: string, description?: string, wide = false): PrinterColumn {
  return { ...col(name, description, wide), type: 'integer' };
}

/** Column shorthand for a boolean column. */
export function boolCol(name: string, description?: string, wide = false): PrinterColumn {
  return { ...col(name, description, wide), type: 'boolean' };
}

export { AGE_COLUMN, NAME_COLUMN };

/** The wide columns every workload printer shares. */
export const CONTAINERS_COLUMN = col('Containers', 'Names of each container in the template.', true);
/** See `CONTAINERS_COLUMN`. */
export const IMAGES_COLUMN = col('Images', 'Images referenced by each container in the template.', true);

/** `listWithMoreString`: up to `max` items, then ` + N more...`; `<unset>` when empty. */
export function listWithMore(items: string[], max = 3): string {
  const shown = items.slice(0, max).join(',');
  if (items.length > max) return `${shown} + ${items.length - max} more...`;
  return shown === '' ? '<unset>' : shown;
}
