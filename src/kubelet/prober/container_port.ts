/**
 * A probe's port: a number, or the name of one of the container's ports (upstream's
 * `probe.ResolveContainerPort`, including its error texts).
 */
import type { Container } from '../../api/types/pod.js';
import { goQuote } from './go_error_text.js';

/**
 * The port number `port` means in `container`; throws (the probe errors) for a name the container
 * does not declare or a number outside 1–65535.
 */
export function resolveContainerPort(port: number | string, container: Container): number {
  let n: number;
  if (typeof port === 'number') n = port;
  else {
    const named = container.ports?.find((p) => p.name === port);
    if (named) n = named.containerPort;
    else if (/^[+-]?\d+$/.test(port)) n = Number(port);
    else throw new Error(`strconv.Atoi: parsing ${goQuote(port)}: invalid syntax`);
  }
  if (Number.isInteger(n) && n > 0 && n < 65536) return n;
  throw new Error(`invalid port number: ${n}`);
}
