import type { KubeObject } from '../../../api/object.js';
import type { PrinterColumn, RowPrinter } from '../resource.js';
import {
  AGE_COLUMN,
  col,
  containerCells,
  CONTAINERS_COLUMN,
  IMAGES_COLUMN,
  intCol,
  NAME_COLUMN,
  objectAge,
  templateContainers,
} from './cells.js';
import { num, rec } from '../../../api/json_fields.js';

/**
 * The table of ReplicaSets and ReplicationControllers, as upstream prints both:
 * NAME DESIRED CURRENT READY AGE | CONTAINERS IMAGES SELECTOR. They differ only in how the
 * selector is written (`selector` formats it from the spec).
 */
export function replicaTable(selector: (spec: Record<string, unknown>) => string): {
  columns: PrinterColumn[];
  printRow: RowPrinter;
} {
  return {
    columns: [
      NAME_COLUMN,
      intCol('Desired'),
      intCol('Current'),
      intCol('Ready'),
      AGE_COLUMN,
      CONTAINERS_COLUMN,
      IMAGES_COLUMN,
      col('Selector', undefined, true),
    ],
    printRow(o: KubeObject, now: Date) {
      const spec = rec(o.spec);
      const status = rec(o.status);
      const [names, images] = containerCells(templateContainers(spec));
      return [
        o.metadata.name ?? '',
        num(spec.replicas),
        num(status.replicas),
        num(status.readyReplicas),
        objectAge(o, now),
        names,
        images,
        selector(spec),
      ];
    },
  };
}
