/**
 * Container lifecycle hooks (postStart, preStop) as upstream's `handlerRunner`: exec in the
 * container, an HTTP GET to the pod, or a sleep. Resolves with an error message on failure (the
 * kubelet reports FailedPostStartHook / FailedPreStopHook), undefined on success.
 */
import http from 'node:http';
import https from 'node:https';
import type { Container, LifecycleHandler } from '../api/types/pod.js';
import type { RuntimeService } from './cri/api.js';

/** Resolves a named or numeric port of `container`. */
export function resolvePort(port: number | string, container: Container): number | undefined {
  if (typeof port === 'number') return port;
  const n = Number(port);
  if (Number.isInteger(n) && String(n) === port) return n;
  return container.ports?.find((p) => p.name === port)?.containerPort;
}

/** Runs `handler` for `container` (running as `containerId` in a pod at `podIP`), within `timeoutMs`. */
export async function runLifecycleHook(
  runtime: RuntimeService,
  handler: LifecycleHandler,
  container: Container,
  containerId: string,
  podIP: string | undefined,
  timeoutMs: number,
): Promise<string | undefined> {
  try {
    if (handler.exec) {
      const cmd = handler.exec.command ?? [];
      const r = await runtime.execSync(containerId, cmd, Math.max(1, Math.ceil(timeoutMs / 1000)));
      if (r.exitCode !== 0) {
        const out = Buffer.concat([r.stdout, r.stderr]).toString();
        return `command '${cmd.join(' ')}' exited with ${r.exitCode}: ${out}`;
      }
      return undefined;
    }
    if (handler.httpGet) {
      const g = handler.httpGet;
      const port = resolvePort(g.port, container);
      if (port === undefined) return `unable to resolve port ${g.port}`;
      const host = g.host || podIP || '127.0.0.1';
      const scheme = (g.scheme ?? 'HTTP').toLowerCase();
      const url = `${scheme}://${host.includes(':') ? `[${host}]` : host}:${port}${g.path ?? '/'}`;
      const code = await httpGet(url, g.httpHeaders ?? [], timeoutMs);
      if (code < 200 || code >= 400)
        return `HTTP lifecycle hook (${g.path ?? '/'}) for Container "${container.name}" failed - error: <nil>, message: "${code}"`;
      return undefined;
    }
    if (handler.sleep) {
      await new Promise((r) => setTimeout(r, Math.min(timeoutMs, handler.sleep!.seconds * 1000)));
      return undefined;
    }
    if (handler.tcpSocket) return 'tcpSocket lifecycle hooks are not supported';
    return 'invalid handler';
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

function httpGet(
  url: string,
  headers: { name: string; value: string }[],
  timeoutMs: number,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const mod = url.startsWith('https:') ? https : http;
    const h: Record<string, string> = { 'user-agent': 'kube-lifecycle/1.31' };
    for (const x of headers) h[x.name] = x.value;
    const req = mod.get(url, { headers: h, timeout: timeoutMs, rejectUnauthorized: false }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('timeout', () => req.destroy(new Error(`Get "${url}": context deadline exceeded`)));
    req.on('error', reject);
  });
}
