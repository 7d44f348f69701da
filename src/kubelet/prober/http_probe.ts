/**
 * The HTTP(S) GET probe (upstream's pkg/probe/http): 200–399 succeeds, anything else fails with
 * `HTTP probe failed with statuscode: N`; redirects are followed only to the same host (a redirect
 * elsewhere is a success with a warning); HTTPS skips certificate verification; the body is read
 * up to 10 KiB; a request that fails or times out is a failure with Go's error text.
 */
import http from 'node:http';
import https from 'node:https';
import type { Probe } from '../../api/types/pod.js';
import type { Clock } from '../../client/clock.js';
import { dialErrorText, goQuote, joinHostPort } from './go_error_text.js';
import { MAX_PROBE_OUTPUT_BYTES, PROBE_USER_AGENT } from './probe_outcome.js';
import type { ProbeOutcome } from './probe_outcome.js';

/** A resolved HTTP probe request. */
export interface HttpProbeRequest {
  url: URL;
  /** Header name → values, `User-Agent` and `Accept` defaulted as upstream. */
  headers: Record<string, string[]>;
}

/** Go's http.Client stops after this many redirects. */
const MAX_REDIRECTS = 10;

/** Builds the request of an `httpGet` probe against `host:port` (upstream's `NewRequestForHTTPGetAction`). */
export function httpProbeRequest(
  action: NonNullable<Probe['httpGet']>,
  host: string,
  port: number,
): HttpProbeRequest {
  const scheme = (action.scheme ?? 'HTTP').toLowerCase();
  let path = action.path ?? '';
  if (path !== '' && !path.startsWith('/')) path = '/' + path;
  const url = new URL(`${scheme}://${joinHostPort(host, port)}${path}`);
  const headers: Record<string, string[]> = {};
  const names = new Map<string, string>();
  for (const h of action.httpHeaders ?? []) {
    const key = names.get(h.name.toLowerCase()) ?? h.name;
    names.set(h.name.toLowerCase(), key);
    (headers[key] ??= []).push(h.value);
  }
  if (!names.has('user-agent')) headers['User-Agent'] = [PROBE_USER_AGENT];
  if (!names.has('accept')) headers['Accept'] = ['*/*'];
  return { url, headers };
}

interface RawResponse {
  status: number;
  location: string | undefined;
  body: string;
}

/** One GET of `url`; resolves with status, Location and the body (≤ 10 KiB). */
function get(url: URL, headers: Record<string, string[]>, signal: AbortSignal): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const mod = url.protocol === 'https:' ? https : http;
    const flat: Record<string, string | string[]> = {};
    for (const [k, v] of Object.entries(headers)) flat[k] = v.length === 1 ? v[0]! : v;
    const req = mod.request(url, {
      method: 'GET',
      headers: flat,
      agent: false,
      signal,
      ...(url.protocol === 'https:' ? { rejectUnauthorized: false } : {}),
    });
    req.on('error', reject);
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const done = () => {
        res.destroy();
        resolve({
          status: res.statusCode ?? 0,
          location: res.headers.location,
          body: Buffer.concat(chunks).subarray(0, MAX_PROBE_OUTPUT_BYTES).toString('utf8'),
        });
      };
      res.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        size += chunk.length;
        if (size >= MAX_PROBE_OUTPUT_BYTES) done();
      });
      res.on('end', done);
      res.on('error', reject);
    });
    req.end();
  });
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** Runs an HTTP probe: resolves with its outcome (request errors and timeouts are failures). */
export async function httpProbe(
  req: HttpProbeRequest,
  timeoutSeconds: number,
  clock: Clock,
): Promise<ProbeOutcome> {
  const abort = new AbortController();
  let timedOut = false;
  const timer = clock.setTimer(
    () => {
      timedOut = true;
      abort.abort();
    },
    timeoutSeconds * 1000,
    { unref: true },
  );
  let url = req.url;
  try {
    for (let redirects = 0; ; redirects++) {
      let res: RawResponse;
      try {
        res = await get(url, req.headers, abort.signal);
      } catch (err) {
        const why = timedOut
          ? 'context deadline exceeded (Client.Timeout exceeded while awaiting headers)'
          : dialErrorText(err, url.hostname.replace(/^\[|\]$/g, ''), Number(url.port) || defaultPort(url));
        return { result: 'failure', output: `Get ${goQuote(url.href)}: ${why}` };
      }
      if (REDIRECT_STATUSES.has(res.status) && res.location !== undefined) {
        const next = new URL(res.location, url);
        if (next.hostname === req.url.hostname) {
          if (redirects + 1 >= MAX_REDIRECTS)
            return { result: 'failure', output: `Get ${goQuote(next.href)}: stopped after 10 redirects` };
          url = next;
          continue;
        }
      }
      return verdict(res);
    }
  } finally {
    timer.cancel();
  }
}

function defaultPort(url: URL): number {
  return url.protocol === 'https:' ? 443 : 80;
}

/** Upstream's verdict on a final response (`DoHTTPProbe`). */
function verdict(res: RawResponse): ProbeOutcome {
  if (res.status >= 200 && res.status < 400) {
    if (res.status >= 300)
      return { result: 'warning', output: `Probe terminated redirects, Response body: ${res.body}` };
    return { result: 'success', output: res.body };
  }
  return { result: 'failure', output: `HTTP probe failed with statuscode: ${res.status}` };
}
