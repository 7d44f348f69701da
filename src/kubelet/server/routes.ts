/**
 * The kubelet server's paths and query parameters, parsed as upstream's kubelet reads them.
 */

/** A request the kubelet server knows. */
export type KubeletRoute =
  | { kind: 'healthz' }
  | { kind: 'pods' }
  | { kind: 'metrics' }
  | { kind: 'summary' }
  | { kind: 'containerLogs'; namespace: string; pod: string; container: string }
  | { kind: 'exec' | 'attach'; namespace: string; pod: string; uid?: string; container: string }
  | { kind: 'portForward'; namespace: string; pod: string; uid?: string };

/** Parses a path (without query); undefined for one the server does not serve. */
export function parseKubeletPath(path: string): KubeletRoute | undefined {
  const p = path
    .split('/')
    .filter((s) => s !== '')
    .map(decode);
  const [head, ...rest] = p;
  switch (head) {
    case 'healthz':
      return rest.length === 0 ? { kind: 'healthz' } : undefined;
    case 'pods':
      return rest.length === 0 ? { kind: 'pods' } : undefined;
    case 'metrics':
      return rest.length === 0 ? { kind: 'metrics' } : undefined;
    case 'stats':
      return rest.length === 1 && rest[0] === 'summary' ? { kind: 'summary' } : undefined;
    case 'containerLogs':
      if (rest.length !== 3) return undefined;
      return { kind: 'containerLogs', namespace: rest[0]!, pod: rest[1]!, container: rest[2]! };
    case 'exec':
    case 'attach':
      if (rest.length === 3) return { kind: head, namespace: rest[0]!, pod: rest[1]!, container: rest[2]! };
      if (rest.length === 4)
        return { kind: head, namespace: rest[0]!, pod: rest[1]!, uid: rest[2]!, container: rest[3]! };
      return undefined;
    case 'portForward':
      if (rest.length === 2) return { kind: 'portForward', namespace: rest[0]!, pod: rest[1]! };
      if (rest.length === 3)
        return { kind: 'portForward', namespace: rest[0]!, pod: rest[1]!, uid: rest[2]! };
      return undefined;
    default:
      return undefined;
  }
}

/** The streams of an exec or attach session (upstream's `remotecommand` Options). */
export interface StreamOptions {
  stdin: boolean;
  stdout: boolean;
  stderr: boolean;
  tty: boolean;
}

/** Why a query is refused: upstream answers 400 with this text. */
export class BadStreamQuery extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BadStreamQuery';
  }
}

/**
 * Reads `input`/`output`/`error`/`tty` (`"1"`, as the API server sends them; `stdin`/`stdout`/
 * `stderr` with `true` are taken too). With a TTY, stderr is dropped (it shares stdout), as
 * upstream. At least one stream is required.
 */
export function parseStreamOptions(q: URLSearchParams): StreamOptions {
  const flag = (short: string, long: string) => isTrue(q.get(short)) || isTrue(q.get(long));
  const tty = flag('tty', 'tty');
  const opts = {
    stdin: flag('input', 'stdin'),
    stdout: flag('output', 'stdout'),
    stderr: flag('error', 'stderr') && !tty,
    tty,
  };
  if (!opts.stdin && !opts.stdout && !opts.stderr)
    throw new BadStreamQuery('you must specify at least 1 of stdin, stdout, stderr');
  return opts;
}

/** The command of an exec (`command` repeated). */
export function parseCommand(q: URLSearchParams): string[] {
  return q.getAll('command');
}

/**
 * The ports of a WebSocket port-forward (`port` repeated or comma-separated), as upstream's
 * `NewV4Options`; SPDY sessions name their ports in the stream headers instead.
 */
export function parsePorts(q: URLSearchParams, websocket: boolean): number[] {
  if (!websocket) return [];
  const raw = q.getAll('port').flatMap((p) => p.split(','));
  if (raw.length === 0) throw new BadStreamQuery('query parameter "port" is required');
  return raw.map((p) => {
    const n = /^\d+$/.test(p) ? Number(p) : NaN;
    if (!(n > 0 && n <= 65535)) throw new BadStreamQuery(`unable to parse "${p}" as a port: invalid port`);
    return n;
  });
}

function isTrue(v: string | null): boolean {
  return v === '1' || v === 'true' || v === 'True' || v === 'TRUE' || v === 't';
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
