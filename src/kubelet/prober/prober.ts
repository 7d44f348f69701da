/**
 * Runs one probe of one container (upstream's `prober.probe`): picks the handler, retries a probe
 * that errored up to three times, records the `Unhealthy` / `ProbeWarning` events, and returns the
 * result that counts towards the thresholds — or `undefined` when the probe errored, which
 * upstream throws away.
 */
import type { Container, Pod, Probe } from '../../api/types/pod.js';
import type { Clock } from '../../client/clock.js';
import type { RuntimeService } from '../cri/api.js';
import { resolveContainerPort } from './container_port.js';
import { execProbe, expandProbeCommand } from './exec_probe.js';
import { grpcProbe } from './grpc_probe.js';
import { httpProbe, httpProbeRequest } from './http_probe.js';
import { probeKindTitle } from './probe_outcome.js';
import type { ProbeKind, ProbeOutcome } from './probe_outcome.js';
import { tcpProbe } from './tcp_probe.js';

/** What a probe runs against. */
export interface ProbeTarget {
  pod: Pod;
  container: Container;
  containerId: string;
  /** The pod's IP (the node's for hostNetwork pods), as the sandbox reports it. */
  podIp: string | undefined;
}

/** What running a probe needs. */
export interface ProberDeps {
  runtime: RuntimeService;
  clock: Clock;
  event(pod: Pod, type: 'Normal' | 'Warning', reason: string, message: string): void;
}

/** Upstream's `maxProbeRetries`: a probe that errors is retried this many times in a row. */
const MAX_PROBE_RETRIES = 3;

/** Upstream's default probe timeout (seconds). */
export const DEFAULT_TIMEOUT_SECONDS = 1;

/** Runs the probe's handler once; rejects when the probe could not be run. */
export async function runProbeHandler(
  probe: Probe,
  target: ProbeTarget,
  deps: ProberDeps,
): Promise<ProbeOutcome> {
  const timeout = probe.timeoutSeconds || DEFAULT_TIMEOUT_SECONDS;
  const podIp = () => {
    if (!target.podIp) throw new Error('pod has no IP address yet');
    return target.podIp;
  };
  if (probe.exec) {
    const cmd = expandProbeCommand(probe.exec.command ?? [], target.container);
    return execProbe(deps.runtime, target.containerId, cmd, timeout);
  }
  if (probe.httpGet) {
    const port = resolveContainerPort(probe.httpGet.port, target.container);
    const req = httpProbeRequest(probe.httpGet, probe.httpGet.host || podIp(), port);
    return httpProbe(req, timeout, deps.clock);
  }
  if (probe.tcpSocket) {
    const port = resolveContainerPort(probe.tcpSocket.port, target.container);
    return tcpProbe(probe.tcpSocket.host || podIp(), port, timeout, deps.clock);
  }
  if (probe.grpc) {
    const port = resolveContainerPort(probe.grpc.port, target.container);
    return grpcProbe(podIp(), port, probe.grpc.service ?? '', timeout, deps.clock);
  }
  const pod = target.pod.metadata;
  throw new Error(
    `missing probe handler for ${pod.name}_${pod.namespace}(${pod.uid}):${target.container.name}`,
  );
}

/**
 * Probes `target` with `probe` as a `kind` probe, records the events, and resolves with
 * `success` / `failure`, or `undefined` when the probe errored (not counted).
 */
export async function probeContainer(
  kind: ProbeKind,
  probe: Probe,
  target: ProbeTarget,
  deps: ProberDeps,
): Promise<'success' | 'failure' | undefined> {
  const title = probeKindTitle(kind);
  let outcome: ProbeOutcome | undefined;
  let error: unknown;
  for (let i = 0; i < MAX_PROBE_RETRIES; i++) {
    try {
      outcome = await runProbeHandler(probe, target, deps);
      error = undefined;
      break;
    } catch (err) {
      error = err;
    }
  }
  if (!outcome) {
    const text = error instanceof Error ? error.message : String(error);
    deps.event(target.pod, 'Warning', 'Unhealthy', `${title} probe errored: ${text}`);
    return undefined;
  }
  if (outcome.result === 'failure') {
    deps.event(target.pod, 'Warning', 'Unhealthy', `${title} probe failed: ${outcome.output}`);
    return 'failure';
  }
  if (outcome.result === 'warning')
    deps.event(target.pod, 'Warning', 'ProbeWarning', `${title} probe warning: ${outcome.output}`);
  return 'success';
}
