/**
 * The `ResourceDef`s a CustomResourceDefinition serves: one per served version, named by the
 * CRD's accepted names, stored under `/registry/<group>/<plural>/` in the storage version's
 * apiVersion (conversion strategy None: only apiVersion changes between versions), with the
 * version's schema, subresources, printer columns and selectable fields.
 */
import type { KubeObject } from '../../api/object.js';
import { STANDARD_VERBS } from '../registry/builtin/define.js';
import { rec, recs, str } from '../../api/json_fields.js';
import type { ResourceDef, ScaleSpec } from '../registry/resource.js';
import type { CrdNames } from './crd_names.js';
import { readNames } from './crd_names.js';
import { customResourceStrategy } from './custom_resource_strategy.js';
import { asSchema } from './json_schema.js';
import { evaluateJsonPath, parseJsonPath } from './jsonpath.js';
import type { CustomResourceColumn } from './printer_columns.js';
import { customResourceTable } from './printer_columns.js';
import { applyDefaults } from './schema_defaulting.js';

/** The finalizer that holds a deleted CRD until its custom resources are gone. */
export const CLEANUP_FINALIZER = 'customresourcecleanup.apiextensions.k8s.io';

/** A CRD version as declared in `spec.versions`. */
interface VersionSpec {
  name: string;
  served: boolean;
  storage: boolean;
  raw: Record<string, unknown>;
}

function versionsOf(crd: KubeObject): VersionSpec[] {
  return recs(rec(crd.spec).versions).map((v) => ({
    name: str(v.name),
    served: v.served === true,
    storage: v.storage === true,
    raw: v,
  }));
}

/** A path of a scale subresource (`.spec.replicas`) as the dotted path the scale handler reads. */
function dotted(jsonPath: unknown): string {
  return str(jsonPath).replace(/^\./, '');
}

function scaleSpec(raw: Record<string, unknown>): ScaleSpec | undefined {
  const scale = rec(rec(raw.subresources).scale);
  if (!str(scale.specReplicasPath)) return undefined;
  return {
    specReplicasPath: dotted(scale.specReplicasPath),
    statusReplicasPath: dotted(scale.statusReplicasPath),
    ...(str(scale.labelSelectorPath) ? { labelSelectorPath: dotted(scale.labelSelectorPath) } : {}),
  };
}

/** `selectableFields` as field selector getters (values printed as upstream: strings, numbers, booleans). */
function selectableFields(raw: Record<string, unknown>): ResourceDef['fieldSelectors'] {
  const out: ResourceDef['fieldSelectors'] = {};
  for (const f of recs(raw.selectableFields)) {
    const path = str(f.jsonPath);
    let steps;
    try {
      steps = parseJsonPath(path);
    } catch {
      continue;
    }
    out[path.replace(/^\./, '')] = (obj) => {
      const v = evaluateJsonPath(steps, obj)[0];
      return v === undefined || v === null ? undefined : String(v);
    };
  }
  return out;
}

/** What serving a CRD's versions needs besides the CRD object. */
export interface ServeOptions {
  /** True while the CRD is being deleted (creates are refused). */
  terminating: () => boolean;
}

/**
 * The definitions of every served version of `crd`, by version name, using `names` (the
 * accepted names). Empty when the CRD has no storage version.
 */
export function customResourceDefs(
  crd: KubeObject,
  names: CrdNames,
  opts: ServeOptions,
): Map<string, ResourceDef> {
  const spec = rec(crd.spec);
  const group = str(spec.group);
  const namespaced = str(spec.scope) === 'Namespaced';
  const versions = versionsOf(crd);
  const storage = versions.find((v) => v.storage);
  const out = new Map<string, ResourceDef>();
  if (!storage) return out;
  const storageSchema = asSchema(rec(storage.raw.schema).openAPIV3Schema);
  const storedApiVersion = `${group}/${storage.name}`;
  for (const v of versions) {
    if (!v.served || !v.name) continue;
    const schema = asSchema(rec(v.raw.schema).openAPIV3Schema);
    const subs = rec(v.raw.subresources);
    const statusSubresource = subs.status !== undefined && subs.status !== null;
    const scale = scaleSpec(v.raw);
    const apiVersion = `${group}/${v.name}`;
    const table = customResourceTable(
      recs(v.raw.additionalPrinterColumns) as unknown as CustomResourceColumn[],
    );
    const def: ResourceDef = {
      group,
      version: v.name,
      kind: names.kind,
      listKind: names.listKind ?? `${names.kind}List`,
      plural: names.plural,
      singular: names.singular ?? names.kind.toLowerCase(),
      namespaced,
      shortNames: names.shortNames ?? [],
      categories: names.categories ?? [],
      verbs: [...STANDARD_VERBS],
      subresources: [...(scale ? ['scale'] : []), ...(statusSubresource ? ['status'] : [])],
      storagePrefix: `${group}/${names.plural}`,
      tracksGeneration: true,
      hasStatus: statusSubresource,
      allowCreateOnUpdate: false,
      returnDeletedObject: false,
      fieldSelectors: selectableFields(v.raw),
      columns: table.columns,
      printRow: table.printRow,
      strategy: customResourceStrategy({
        group,
        version: v.name,
        plural: names.plural,
        schema,
        statusSubresource,
        terminating: opts.terminating,
      }),
      ...(scale ? { scale } : {}),
      storage: {
        toServed(stored) {
          applyDefaults(stored, storageSchema);
          stored.apiVersion = apiVersion;
          return stored;
        },
        toStored: (served) => ({ ...served, apiVersion: storedApiVersion }),
      },
      crd: crd.metadata.name ?? '',
      ...(schema ? { schema } : {}),
    };
    out.set(v.name, def);
  }
  return out;
}

/** The accepted names of a CRD (its status), falling back to nothing accepted. */
export function acceptedNamesOf(crd: KubeObject): CrdNames {
  return readNames(rec(crd.status).acceptedNames);
}
