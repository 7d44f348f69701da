/**
 * The options of a container log request (`v1.PodLogOptions` as the kubelet's /containerLogs
 * reads them from the query), parsed and validated as upstream's kubelet does.
 */

/** What to read of a container's log. */
export interface LogOptions {
  /** Only the last N entries (undefined: all). */
  tailLines?: number;
  /** Stop after this many bytes of output (undefined: no limit). */
  limitBytes?: number;
  /** Only entries at or after this time, in epoch milliseconds. */
  sinceMs?: number;
  /** Prefix each line with its RFC3339Nano time and a space. */
  timestamps: boolean;
  /** Keep reading as the log grows until the container stops or the request ends. */
  follow: boolean;
  /** Read the previous (terminated) instance of the container. */
  previous: boolean;
}

/** A query the kubelet refuses: `code` is the HTTP status, `message` the body upstream sends. */
export class LogQueryError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
    this.name = 'LogQueryError';
  }
}

const INT_RE = /^[+-]?\d+$/;

/**
 * Parses `follow`, `previous`, `timestamps`, `tailLines` (or the legacy `tail`, where `all`
 * means no limit), `limitBytes`, `sinceSeconds` and `sinceTime` (RFC 3339). `nowMs` anchors
 * `sinceSeconds`. Throws `LogQueryError` 400 `{"message": "Unable to decode query."}` for a value
 * that does not parse and 422 `{"message": "Invalid request."}` for one upstream's validation
 * refuses (negative tail, non-positive limit or sinceSeconds, both since forms).
 */
export function parseLogQuery(query: URLSearchParams, nowMs: number): LogOptions {
  const undecodable = () => new LogQueryError(400, '{"message": "Unable to decode query."}');
  const invalid = () => new LogQueryError(422, '{"message": "Invalid request."}');
  const bool = (name: string): boolean => {
    const v = query.get(name);
    if (v === null || v === '') return false;
    const b = parseGoBool(v);
    if (b === undefined) throw undecodable();
    return b;
  };
  const int = (name: string, raw = query.get(name)): number | undefined => {
    if (raw === null || raw === '') return undefined;
    if (!INT_RE.test(raw)) throw undecodable();
    return Number(raw);
  };
  const tail = query.get('tail');
  const tailLines =
    tail !== null && tail !== '' ? (tail === 'all' ? undefined : int('tail', tail)) : int('tailLines');
  const limitBytes = int('limitBytes');
  const sinceSeconds = int('sinceSeconds');
  const sinceTimeRaw = query.get('sinceTime');
  let sinceTime: number | undefined;
  if (sinceTimeRaw) {
    sinceTime = Date.parse(sinceTimeRaw);
    if (!/^\d{4}-\d{2}-\d{2}T/.test(sinceTimeRaw) || Number.isNaN(sinceTime)) throw undecodable();
  }
  const opts: LogOptions = {
    follow: bool('follow'),
    previous: bool('previous'),
    timestamps: bool('timestamps'),
  };
  if (tailLines !== undefined) {
    if (tailLines < 0) throw invalid();
    opts.tailLines = tailLines;
  }
  if (limitBytes !== undefined) {
    if (limitBytes < 1) throw invalid();
    opts.limitBytes = limitBytes;
  }
  if (sinceSeconds !== undefined && sinceTime !== undefined) throw invalid();
  if (sinceSeconds !== undefined) {
    if (sinceSeconds < 1) throw invalid();
    opts.sinceMs = nowMs - sinceSeconds * 1000;
  }
  if (sinceTime !== undefined) opts.sinceMs = sinceTime;
  return opts;
}

/** Go's `strconv.ParseBool`. */
export function parseGoBool(v: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(v)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(v)) return false;
  return undefined;
}
