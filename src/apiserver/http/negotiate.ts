import { notAcceptableError } from '../../api/status_error.js';

/** What representation the client asked for in its Accept header. */
export interface Representation {
  /** `as=Table;g=meta.k8s.io`: rows for `kubectl get`. */
  table: boolean;
  /** `as=PartialObjectMetadata(List)`: metadata only. */
  partialMetadata: boolean;
  /** The version of meta.k8s.io asked for (v1 or v1beta1). */
  metaVersion: string;
}

interface MediaRange {
  type: string;
  params: Record<string, string>;
}

function parseAccept(header: string): MediaRange[] {
  return header
    .split(',')
    .map((part) => {
      const [type, ...params] = part.split(';').map((s) => s.trim());
      const p: Record<string, string> = {};
      for (const kv of params) {
        const eq = kv.indexOf('=');
        if (eq > 0) p[kv.slice(0, eq).trim()] = kv.slice(eq + 1).trim();
      }
      return { type: (type ?? '').toLowerCase(), params: p };
    })
    .filter((r) => r.type !== '');
}

const JSONISH = new Set(['application/json', '*/*', 'application/*', 'application/yaml']);

/**
 * Picks the representation of a GET/LIST/WATCH response from the Accept header, in the
 * client's order of preference: Table, PartialObjectMetadata, or the object itself. A header
 * that allows nothing we can produce is answered 406 as upstream does.
 */
export function negotiate(accept: string | undefined): Representation {
  const plain: Representation = { table: false, partialMetadata: false, metaVersion: 'v1' };
  if (!accept) return plain;
  for (const r of parseAccept(accept)) {
    const as = r.params.as;
    const g = r.params.g;
    const v = r.params.v ?? 'v1';
    if (as === 'Table' && g === 'meta.k8s.io' && (v === 'v1' || v === 'v1beta1')) {
      return { table: true, partialMetadata: false, metaVersion: v };
    }
    if ((as === 'PartialObjectMetadata' || as === 'PartialObjectMetadataList') && g === 'meta.k8s.io') {
      return { table: false, partialMetadata: true, metaVersion: v };
    }
    if (as === undefined && (JSONISH.has(r.type) || r.type === 'application/vnd.kubernetes.protobuf'))
      return plain;
  }
  throw notAcceptableError(`only the following media types are accepted: application/json, application/yaml`);
}
