/**
 * A short way to declare a built-in resource: the facts that differ per resource are given, the
 * rest get upstream's usual values (all eight verbs, `listKind` = kind + `List`, singular =
 * lowercased kind, storage under the plural, the default `Name`/`Created At` table).
 */
import type { FieldError } from '../../../api/field_errors.js';
import { FieldPath, invalid } from '../../../api/field_errors.js';
import type { KubeObject } from '../../../api/object.js';
import type { PrinterColumn, ResourceDef, RowPrinter, ScaleSpec, Strategy } from '../resource.js';

/** The verbs of an ordinary stored resource, as discovery lists them. */
export const STANDARD_VERBS: readonly string[] = [
  'create',
  'delete',
  'deletecollection',
  'get',
  'list',
  'patch',
  'update',
  'watch',
];

/** The verbs of a virtual resource that only accepts POST (reviews). */
export const CREATE_ONLY_VERBS: readonly string[] = ['create'];

/** What a declaration must say; everything else has a default. */
export interface ResourceOptions {
  group: string;
  version: string;
  kind: string;
  plural: string;
  namespaced: boolean;
  listKind?: string;
  singular?: string;
  shortNames?: string[];
  categories?: string[];
  verbs?: readonly string[];
  subresources?: string[];
  storagePrefix?: string;
  tracksGeneration?: boolean;
  /** Defaults to true when `status` is among the subresources. */
  hasStatus?: boolean;
  allowCreateOnUpdate?: boolean;
  returnDeletedObject?: boolean;
  fieldSelectors?: Record<string, (obj: KubeObject) => string | undefined>;
  /** Columns and row printer come together; without them the default table is used. */
  table?: { columns: PrinterColumn[]; printRow: RowPrinter };
  strategy?: Strategy;
  scale?: ScaleSpec;
  /**
   * Whether `metadata.finalizers` get the extra check of the core API's `ValidateObjectMeta`
   * (a finalizer without `/` must be a standard one). True for built-ins except CRDs.
   */
  kubeFinalizerCheck?: boolean;
}

/** The finalizers that need no domain prefix (`helper.IsStandardFinalizerName`). */
export const STANDARD_FINALIZERS: readonly string[] = ['kubernetes', 'orphan', 'foregroundDeletion'];

/** `validateKubeFinalizerName`: a finalizer without `/` must be a standard one. */
export function validateKubeFinalizerName(name: string, path: FieldPath | string): FieldError[] {
  if (name.includes('/') || STANDARD_FINALIZERS.includes(name)) return [];
  return [invalid(path, name, 'name is neither a standard finalizer name nor is it fully qualified')];
}

/** The core API's extra check of every `metadata.finalizers` entry. */
export function validateKubeFinalizers(obj: KubeObject): FieldError[] {
  const list = Array.isArray(obj.metadata.finalizers) ? obj.metadata.finalizers : [];
  const path = FieldPath.root('metadata', 'finalizers');
  return list.flatMap((f, i) => (typeof f === 'string' ? validateKubeFinalizerName(f, path.index(i)) : []));
}

function withKubeFinalizerCheck(strategy: Strategy): Strategy {
  const validate = strategy.validate;
  return {
    ...strategy,
    validate: (obj) => [...validateKubeFinalizers(obj), ...(validate ? validate(obj) : [])],
  };
}

/** The description upstream gives the NAME column (`ObjectMeta.name`'s documentation). */
export const NAME_DESCRIPTION =
  'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names';

/** The description upstream gives AGE and `Created At` (`ObjectMeta.creationTimestamp`'s documentation). */
export const CREATION_TIMESTAMP_DESCRIPTION =
  'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata';

/** The first column of (almost) every table: `Name`, format `name`. */
export const NAME_COLUMN: PrinterColumn = {
  name: 'Name',
  type: 'string',
  format: 'name',
  description: NAME_DESCRIPTION,
};

/** The `Age` column. */
export const AGE_COLUMN: PrinterColumn = {
  name: 'Age',
  type: 'string',
  description: CREATION_TIMESTAMP_DESCRIPTION,
};

/**
 * The columns of upstream's default table convertor, used for resources without a printer
 * (roles, limitranges, CRDs, …): `Name` and `Created At` (a date).
 */
export const DEFAULT_COLUMNS: PrinterColumn[] = [
  NAME_COLUMN,
  { name: 'Created At', type: 'date', description: CREATION_TIMESTAMP_DESCRIPTION },
];

/** `creationTimestamp` as Go's `Time.UTC().Format(time.RFC3339)`; the zero time when absent. */
export function rfc3339(ts: string | null | undefined): string {
  if (!ts) return '0001-01-01T00:00:00Z';
  const ms = Date.parse(ts);
  if (Number.isNaN(ms)) return ts;
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The row of the default table: the name and the creation time. */
export const defaultPrintRow: RowPrinter = (obj) => [
  obj.metadata.name ?? '',
  rfc3339(obj.metadata.creationTimestamp),
];

/** Builds a `ResourceDef` from the facts that differ from the defaults. */
export function defineResource(o: ResourceOptions): ResourceDef {
  const subresources = o.subresources ?? [];
  return {
    group: o.group,
    version: o.version,
    kind: o.kind,
    listKind: o.listKind ?? `${o.kind}List`,
    plural: o.plural,
    singular: o.singular ?? o.kind.toLowerCase(),
    namespaced: o.namespaced,
    shortNames: o.shortNames ?? [],
    categories: o.categories ?? [],
    verbs: [...(o.verbs ?? STANDARD_VERBS)],
    subresources,
    storagePrefix: o.storagePrefix ?? o.plural,
    tracksGeneration: o.tracksGeneration ?? false,
    hasStatus: o.hasStatus ?? subresources.includes('status'),
    allowCreateOnUpdate: o.allowCreateOnUpdate ?? false,
    returnDeletedObject: o.returnDeletedObject ?? false,
    fieldSelectors: o.fieldSelectors ?? {},
    columns: o.table?.columns ?? DEFAULT_COLUMNS,
    printRow: o.table?.printRow ?? defaultPrintRow,
    strategy: o.kubeFinalizerCheck === false ? (o.strategy ?? {}) : withKubeFinalizerCheck(o.strategy ?? {}),
    ...(o.scale ? { scale: o.scale } : {}),
  };
}
