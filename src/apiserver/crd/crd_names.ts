/**
 * Which of a CRD's requested names it may use, as upstream's naming controller decides: a name
 * is accepted when it is the one already accepted or no other CRD of the group has accepted it.
 * Gives the accepted names and the NamesAccepted and (initial) Established conditions.
 */
import { rec, str, strs } from '../../api/json_fields.js';
import type { CrdCondition } from './crd_conditions.js';
import { findCondition } from './crd_conditions.js';

/** `CustomResourceDefinitionNames`. */
export interface CrdNames {
  plural: string;
  singular?: string;
  shortNames?: string[];
  kind: string;
  listKind?: string;
  categories?: string[];
}

/** Reads names (spec.names or status.acceptedNames) from JSON. */
export function readNames(v: unknown): CrdNames {
  const n = rec(v);
  const out: CrdNames = { plural: str(n.plural), kind: str(n.kind) };
  if (str(n.singular)) out.singular = str(n.singular);
  if (strs(n.shortNames).length) out.shortNames = strs(n.shortNames);
  if (str(n.listKind)) out.listKind = str(n.listKind);
  if (strs(n.categories).length) out.categories = strs(n.categories);
  return out;
}

/** The outcome of naming a CRD. */
export interface NamingResult {
  acceptedNames: CrdNames;
  namesAccepted: CrdCondition;
  established: CrdCondition;
}

function inUse(
  requested: string | undefined,
  accepted: string | undefined,
  used: Set<string>,
): string | null {
  const r = requested ?? '';
  if (r === (accepted ?? '')) return null;
  return used.has(r) ? `${JSON.stringify(r)} is already in use` : null;
}

/**
 * Names a CRD given the other CRDs of its group (their `status.acceptedNames` count as taken).
 * Pure: the caller writes the result into the CRD's status.
 */
export function calculateNames(
  crd: { spec?: unknown; status?: unknown },
  othersInGroup: ReadonlyArray<{ status?: unknown }>,
): NamingResult {
  const resources = new Set<string>();
  const kinds = new Set<string>();
  for (const other of othersInGroup) {
    const n = readNames(rec(other.status).acceptedNames);
    for (const name of [n.plural, n.singular ?? '', ...(n.shortNames ?? [])]) if (name) resources.add(name);
    for (const name of [n.kind, n.listKind ?? '']) if (name) kinds.add(name);
  }
  const requested = readNames(rec(crd.spec).names);
  const accepted = readNames(rec(crd.status).acceptedNames);
  const names: CrdNames = { ...accepted };
  let failure: { reason: string; message: string } | null = null;
  const check = (reason: string, err: string | null, accept: () => void) => {
    if (err) failure = { reason, message: err };
    else accept();
  };
  check('PluralConflict', inUse(requested.plural, accepted.plural, resources), () => {
    names.plural = requested.plural;
  });
  check('SingularConflict', inUse(requested.singular, accepted.singular, resources), () => {
    if (requested.singular) names.singular = requested.singular;
    else delete names.singular;
  });
  const wantShort = requested.shortNames ?? [];
  const haveShort = new Set(accepted.shortNames ?? []);
  const shortErrs = wantShort
    .filter((s) => !haveShort.has(s))
    .map((s) => inUse(s, '', resources))
    .filter((e): e is string => e !== null);
  check('ShortNamesConflict', shortErrs.length ? shortErrs.join(', ') : null, () => {
    if (wantShort.length) names.shortNames = wantShort;
    else delete names.shortNames;
  });
  check('KindConflict', inUse(requested.kind, accepted.kind, kinds), () => {
    names.kind = requested.kind;
  });
  check('ListKindConflict', inUse(requested.listKind, accepted.listKind, kinds), () => {
    if (requested.listKind) names.listKind = requested.listKind;
    else delete names.listKind;
  });
  if (requested.categories?.length) names.categories = requested.categories;
  else delete names.categories;

  const f = failure as { reason: string; message: string } | null;
  const namesAccepted: CrdCondition = f
    ? { type: 'NamesAccepted', status: 'False', reason: f.reason, message: f.message }
    : { type: 'NamesAccepted', status: 'True', reason: 'NoConflicts', message: 'no conflicts found' };
  let established: CrdCondition = findCondition(crd, 'Established') ?? {
    type: 'Established',
    status: 'False',
    reason: 'NotAccepted',
    message: 'not all names are accepted',
  };
  if (established.status !== 'True' && namesAccepted.status === 'True') {
    established = {
      type: 'Established',
      status: 'False',
      reason: 'Installing',
      message: 'the initial names have been accepted',
    };
  }
  return { acceptedNames: names, namesAccepted, established };
}
