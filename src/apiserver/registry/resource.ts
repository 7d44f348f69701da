/**
 * A resource declared once: everything the generic paths (REST handlers, discovery, OpenAPI,
 * tables, garbage collection, quota) need to know about one kind of object.
 */
import type { FieldError } from '../../api/field_errors.js';
import type { KubeObject } from '../../api/object.js';

/** A column of `kubectl get` output, as `metav1.TableColumnDefinition`. */
export interface PrinterColumn {
  name: string;
  /** OpenAPI type: string, integer, number, boolean, date. */
  type: string;
  format?: string;
  description?: string;
  /** 0: always shown; 1: only with `-o wide`. */
  priority?: number;
}

/** Computes the cells of one row of a table (same order as `columns`). */
export type RowPrinter = (obj: KubeObject, now: Date) => unknown[];

/** Context a strategy hook is called with. */
export interface StrategyContext {
  /** The authenticated user's name (for fields like `spec.username`). */
  user: string;
  /** The rest of the user's identity (for a CSR's `spec.groups`, `uid` and `extra`). */
  userInfo?: { groups: string[]; uid?: string; extra?: Record<string, string[]> };
}

/**
 * The per-kind behaviour of writes, as upstream's `RESTCreateStrategy`/`RESTUpdateStrategy`.
 * Every hook is optional; hooks may mutate the object they are given (it is a private copy).
 */
export interface Strategy {
  /** Fill in defaults (upstream's defaulting functions). Runs on create and update. */
  defaults?(obj: KubeObject): void;
  /** Clear what a create must not set (e.g. status) and set initial values. */
  prepareForCreate?(obj: KubeObject, ctx: StrategyContext): void;
  /** Carry over what an update of the main resource must not change (e.g. status). */
  prepareForUpdate?(obj: KubeObject, old: KubeObject, ctx: StrategyContext): void;
  /** Validation of a new object; field errors make a 422 Invalid. */
  validate?(obj: KubeObject): FieldError[];
  /** Validation of an update (immutable fields…), after `validate` of the new object. */
  validateUpdate?(obj: KubeObject, old: KubeObject): FieldError[];
  /**
   * Graceful deletion: the grace period (seconds) a DELETE of `obj` waits before the object is
   * removed, given the requested one. 0 (or no hook) deletes at once. Pods use it.
   */
  gracePeriod?(obj: KubeObject, requested: number | undefined): number;
  /**
   * Deletion held by the kind itself beyond metadata.finalizers (a namespace's spec.finalizers):
   * while true, DELETE only marks the object, and it is removed once this turns false.
   */
  deletionHeld?(obj: KubeObject): boolean;
  /** Changes an object undergoing deletion shows (a namespace's Terminating phase). */
  prepareForDeletion?(obj: KubeObject): void;
  /**
   * For the status subresource (and `approval`, which also writes only status): adjust the
   * stored object (`obj` is old with the new status).
   */
  prepareForStatusUpdate?(obj: KubeObject, old: KubeObject, subresource: 'status' | 'approval'): void;
  /** Validation of a status (or approval) update. */
  validateStatusUpdate?(obj: KubeObject, old: KubeObject, subresource: 'status' | 'approval'): FieldError[];
}

/** Scale subresource wiring: where replicas live in the object (dotted paths). */
export interface ScaleSpec {
  specReplicasPath: string;
  statusReplicasPath: string;
  labelSelectorPath?: string;
}

/** One declared resource. */
export interface ResourceDef {
  /** API group ('' for core). */
  group: string;
  /** The version this definition is served and stored at. */
  version: string;
  kind: string;
  listKind: string;
  plural: string;
  singular: string;
  namespaced: boolean;
  shortNames: string[];
  categories: string[];
  /** Verbs allowed on the main resource. */
  verbs: string[];
  /** Subresources served, e.g. `status`, `scale`, `binding`, `log`. */
  subresources: string[];
  /** Key prefix in storage, below `/registry/` (upstream's layout, e.g. `minions` for nodes). */
  storagePrefix: string;
  /** Whether `metadata.generation` is kept (1 on create, +1 on spec changes). */
  tracksGeneration: boolean;
  /** Whether the object has a status that writes to the main resource must not change. */
  hasStatus: boolean;
  /** Whether PUT of a missing object creates it (upstream's AllowCreateOnUpdate). */
  allowCreateOnUpdate: boolean;
  /** Whether DELETE answers with the deleted object rather than a Success Status. */
  returnDeletedObject: boolean;
  /** Field selectors supported beyond metadata.name and metadata.namespace. */
  fieldSelectors: Record<string, (obj: KubeObject) => string | undefined>;
  columns: PrinterColumn[];
  printRow: RowPrinter;
  strategy: Strategy;
  scale?: ScaleSpec;
  /**
   * Set when objects are stored in another version's shape (events.k8s.io Events are stored as
   * core Events): how to convert on the way out of and into storage.
   */
  storage?: {
    toServed(stored: KubeObject): KubeObject;
    toStored(served: KubeObject, stored?: KubeObject): KubeObject;
  };
  /** Set for custom resources: the CRD's name. */
  crd?: string;
  /**
   * The OpenAPI v3 schema of a custom resource's version. Built-in kinds leave it unset: their
   * schemas are found by definition name in `openapi/builtin/`.
   */
  schema?: unknown;
}

/** The group/version string of a definition: `v1` or `apps/v1`. */
export function groupVersion(def: Pick<ResourceDef, 'group' | 'version'>): string {
  return def.group ? `${def.group}/${def.version}` : def.version;
}
