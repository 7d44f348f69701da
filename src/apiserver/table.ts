/**
 * Table output (`meta.k8s.io/v1 Table`), the representation `kubectl get` asks for: the
 * resource's printer columns, one row per object, and each row's object as metadata only.
 */
import type { KubeObject } from '../api/object.js';
import type { PrinterColumn, ResourceDef } from './registry/resource.js';

/** `metav1.Table`. */
export interface Table {
  kind: 'Table';
  apiVersion: string;
  metadata: { resourceVersion?: string; continue?: string; remainingItemCount?: number };
  columnDefinitions: PrinterColumn[];
  rows: Array<{ cells: unknown[]; object: unknown }>;
}

/** How much of each object a row carries (`?includeObject=`, default Metadata). */
export type IncludeObject = 'None' | 'Metadata' | 'Object';

/** The metadata-only form of an object, `PartialObjectMetadata`. */
export function partialObjectMetadata(obj: KubeObject, metaVersion = 'v1'): Record<string, unknown> {
  return { kind: 'PartialObjectMetadata', apiVersion: `meta.k8s.io/${metaVersion}`, metadata: obj.metadata };
}

/** The Table of `objects`; `noHeaders` omits the column definitions (watch events after the first). */
export function toTable(
  def: ResourceDef,
  objects: KubeObject[],
  opts: { include: IncludeObject; metaVersion: string; noHeaders?: boolean; now?: Date },
): Table {
  const now = opts.now ?? new Date();
  return {
    kind: 'Table',
    apiVersion: `meta.k8s.io/${opts.metaVersion}`,
    metadata: {},
    columnDefinitions: opts.noHeaders ? [] : def.columns,
    rows: objects.map((obj) => ({
      cells: def.printRow(obj, now),
      object:
        opts.include === 'None'
          ? null
          : opts.include === 'Object'
            ? obj
            : partialObjectMetadata(obj, opts.metaVersion),
    })),
  };
}

/** Parses `?includeObject=`; anything else than None/Metadata/Object defaults to Metadata. */
export function parseIncludeObject(v: string | null): IncludeObject {
  return v === 'None' || v === 'Object' ? v : 'Metadata';
}
