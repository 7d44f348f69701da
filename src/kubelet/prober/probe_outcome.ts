/**
 * What one run of a probe handler says (upstream's `probe.Result` plus output). A handler that
 * could not run the probe at all (an unknown named port, a runtime error) rejects instead: that
 * is upstream's "errored", which is reported but never counted towards a threshold.
 */
import { KUBELET_VERSION } from '../kubelet.js';

/** The verdict of one probe run: `warning` counts as success but is reported (`ProbeWarning`). */
export type ProbeVerdict = 'success' | 'warning' | 'failure';

/** One probe run's verdict and output (the text that goes into the `Unhealthy` event). */
export interface ProbeOutcome {
  result: ProbeVerdict;
  output: string;
}

/** The probe kinds, as upstream's `probeType` (their names open the event messages). */
export type ProbeKind = 'liveness' | 'readiness' | 'startup';

/** `Liveness`, `Readiness` or `Startup`: how upstream's messages name a probe kind. */
export function probeKindTitle(kind: ProbeKind): string {
  return kind === 'liveness' ? 'Liveness' : kind === 'readiness' ? 'Readiness' : 'Startup';
}

/** Upstream's cap on the output of a probe kept for the event (10 KiB). */
export const MAX_PROBE_OUTPUT_BYTES = 10 * 1024;

/** The User-Agent of HTTP and gRPC probes: `kube-probe/<major>.<minor>` of the kubelet, as upstream. */
export const PROBE_USER_AGENT = `kube-probe/${/^v(\d+\.\d+)/.exec(KUBELET_VERSION)![1]}`;
