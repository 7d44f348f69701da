/**
 * The pod subresources that reach a kubelet — `log`, `exec`, `attach`, `portforward` — their
 * container choice and query options, as upstream's pod REST storage computes them (pure).
 */
import { forbidden, invalid } from '../../api/field_errors.js';
import type { FieldError } from '../../api/field_errors.js';
import { badRequestError, invalidError } from '../../api/status_error.js';
import type { Pod } from '../../api/types/pod.js';

/**
 * The container a request is about: the one named (which must exist), or the only one. With
 * several and none named: `a container name must be specified for pod X, choose one of: [a b]`.
 * `style` picks upstream's two spellings (the log's, and exec/attach's with the init list bracketed).
 */
export function chooseContainer(pod: Pod, container: string, style: 'log' | 'stream'): string {
  const name = pod.metadata.name ?? '';
  const spec = pod.spec;
  if (!container) {
    if (spec.containers.length === 1) return spec.containers[0]!.name;
    if (spec.containers.length === 0)
      throw badRequestError(`a container name must be specified for pod ${name}`);
    const names = spec.containers.map((c) => c.name).join(' ');
    const inits = (spec.initContainers ?? []).map((c) => c.name).join(' ');
    let msg = `a container name must be specified for pod ${name}, choose one of: [${names}]`;
    if (inits) msg += ` or one of the init containers: [${inits}]`;
    if (style === 'log') {
      const eph = (spec.ephemeralContainers ?? []).map((c) => c.name).join(' ');
      if (eph) msg += ` or one of the ephemeral containers: [${eph}]`;
    }
    throw badRequestError(msg);
  }
  const all = [...spec.containers, ...(spec.initContainers ?? []), ...(spec.ephemeralContainers ?? [])];
  if (!all.some((c) => c.name === container))
    throw badRequestError(`container ${container} is not valid for pod ${name}`);
  return container;
}

/** Go's `strconv.ParseBool`, as the query parameter codec reads booleans. */
function goBool(v: string | null, name: string): boolean {
  if (v === null || v === '') return false;
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(v)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(v)) return false;
  throw badRequestError(`strconv.ParseBool: parsing ${JSON.stringify(v)}: invalid syntax (${name})`);
}

function goInt(v: string | null, name: string): number | undefined {
  if (v === null || v === '') return undefined;
  if (!/^[+-]?\d+$/.test(v))
    throw badRequestError(`strconv.ParseInt: parsing ${JSON.stringify(v)}: invalid syntax (${name})`);
  return Number(v);
}

/**
 * `PodLogOptions` from the query, validated as upstream (422 `PodLogOptions "p" is invalid`),
 * and the kubelet's query for them.
 */
export function podLogQuery(
  podName: string,
  q: URLSearchParams,
): { container: string; kubelet: URLSearchParams } {
  const out = new URLSearchParams();
  const errs: FieldError[] = [];
  for (const b of ['follow', 'previous', 'timestamps'] as const) if (goBool(q.get(b), b)) out.set(b, 'true');
  const tail = goInt(q.get('tailLines'), 'tailLines');
  const limit = goInt(q.get('limitBytes'), 'limitBytes');
  const since = goInt(q.get('sinceSeconds'), 'sinceSeconds');
  const sinceTime = q.get('sinceTime');
  if (sinceTime && Number.isNaN(Date.parse(sinceTime)))
    throw badRequestError(
      `parsing time ${JSON.stringify(sinceTime)} as "2006-01-02T15:04:05Z07:00": cannot parse`,
    );
  if (tail !== undefined && tail < 0)
    errs.push(invalid('tailLines', tail, 'must be greater than or equal to 0'));
  if (limit !== undefined && limit < 1) errs.push(invalid('limitBytes', limit, 'must be greater than 0'));
  if (since !== undefined && sinceTime)
    errs.push(forbidden('', 'at most one of `sinceTime` or `sinceSeconds` may be specified'));
  else if (since !== undefined && since < 1)
    errs.push(invalid('sinceSeconds', since, 'must be greater than 0'));
  if (errs.length) throw invalidError({ group: '', kind: 'PodLogOptions' }, podName, errs);
  if (tail !== undefined) out.set('tailLines', String(tail));
  if (limit !== undefined) out.set('limitBytes', String(limit));
  if (since !== undefined) out.set('sinceSeconds', String(since));
  if (sinceTime) out.set('sinceTime', new Date(Date.parse(sinceTime)).toISOString().replace(/\.000Z$/, 'Z'));
  return { container: q.get('container') ?? '', kubelet: out };
}

/** The kubelet query of an exec or attach: `command` repeated, `input`/`output`/`error`/`tty` as "1". */
export function streamQuery(q: URLSearchParams, withCommand: boolean): URLSearchParams {
  const out = new URLSearchParams();
  if (withCommand) for (const c of q.getAll('command')) out.append('command', c);
  const pairs = [
    ['stdin', 'input'],
    ['stdout', 'output'],
    ['stderr', 'error'],
    ['tty', 'tty'],
  ] as const;
  for (const [from, to] of pairs) if (goBool(q.get(from), from)) out.set(to, '1');
  return out;
}

/** The kubelet query of a port-forward: each of `ports` as `port`. */
export function portForwardQuery(q: URLSearchParams): URLSearchParams {
  const out = new URLSearchParams();
  for (const p of q.getAll('ports').flatMap((v) => v.split(','))) {
    const n = goInt(p.trim(), 'ports');
    if (n !== undefined) out.append('port', String(n));
  }
  return out;
}
