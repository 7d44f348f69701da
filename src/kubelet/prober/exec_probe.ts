/**
 * The exec probe (upstream's pkg/probe/exec with the CRI's ExecSync): the command runs in the
 * container through the runtime; exit 0 succeeds, any other exit fails with the combined output,
 * and a runtime deadline is upstream's `command "…" timed out` failure.
 */
import type { Container } from '../../api/types/pod.js';
import { CriError, GrpcCode } from '../cri/api.js';
import type { RuntimeService } from '../cri/api.js';
import { expandVars } from '../expansion.js';
import { goQuote } from './go_error_text.js';
import { MAX_PROBE_OUTPUT_BYTES } from './probe_outcome.js';
import type { ProbeOutcome } from './probe_outcome.js';

/**
 * The probe's command with `$(VAR)` expanded from the container's literal env values only
 * (upstream's `ExpandContainerCommandOnlyStatic`: no downward API, no secrets).
 */
export function expandProbeCommand(command: string[], container: Container): string[] {
  const env = new Map<string, string>();
  for (const e of container.env ?? []) if (e.value !== undefined) env.set(e.name, e.value);
  return command.map((arg) => expandVars(arg, (name) => env.get(name)));
}

/**
 * Runs `cmd` in container `containerId` with the probe's timeout. Resolves with success (exit 0)
 * or failure (stdout then stderr, at most 10 KiB; or the timeout text); rejects when the runtime
 * could not run it (the probe errored).
 */
export async function execProbe(
  runtime: RuntimeService,
  containerId: string,
  cmd: string[],
  timeoutSeconds: number,
): Promise<ProbeOutcome> {
  let res;
  try {
    res = await runtime.execSync(containerId, cmd, timeoutSeconds);
  } catch (err) {
    if (err instanceof CriError && err.code === GrpcCode.DEADLINE_EXCEEDED)
      return { result: 'failure', output: `command ${goQuote(cmd.join(' '))} timed out` };
    throw err;
  }
  const combined = Buffer.concat([res.stdout, res.stderr]).subarray(0, MAX_PROBE_OUTPUT_BYTES);
  return { result: res.exitCode === 0 ? 'success' : 'failure', output: combined.toString('utf8') };
}
