/**
 * Error texts as Go's net package and time.Duration print them, so probe failures read like
 * upstream's (`dial tcp 10.0.0.5:80: connect: connection refused`, `1s`, `1m30s`).
 */

/** `host:port`, bracketing IPv6 literals (Go's `net.JoinHostPort`). */
export function joinHostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

const ERRNO_TEXT: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset by peer',
  EHOSTUNREACH: 'no route to host',
  ENETUNREACH: 'network is unreachable',
  ETIMEDOUT: 'connection timed out',
  EADDRNOTAVAIL: 'cannot assign requested address',
};

/** The text of a failed dial to `host:port`, as Go's `net.Dialer` reports it. */
export function dialErrorText(err: unknown, host: string, port: number): string {
  const code = (err as { code?: string } | undefined)?.code;
  const addr = joinHostPort(host, port);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `dial tcp: lookup ${host}: no such host`;
  if (code && ERRNO_TEXT[code]) return `dial tcp ${addr}: connect: ${ERRNO_TEXT[code]}`;
  return `dial tcp ${addr}: ${err instanceof Error ? err.message : String(err)}`;
}

/** The text of a dial to `host:port` that did not finish within its timeout. */
export function dialTimeoutText(host: string, port: number): string {
  return `dial tcp ${joinHostPort(host, port)}: i/o timeout`;
}

/** Whole seconds as Go prints a `time.Duration` (`1s`, `1m0s`, `1h0m5s`). */
export function goDurationSeconds(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  if (h > 0) return `${h}h${m}m${s}s`;
  if (m > 0) return `${m}m${s}s`;
  return `${s}s`;
}

/** A string quoted as Go's `%q` does (close enough: JSON's escapes). */
export function goQuote(s: string): string {
  return JSON.stringify(s);
}
