/**
 * The TCP socket probe (upstream's pkg/probe/tcp): success when a connection to host:port opens
 * within the timeout (it is closed at once), failure with Go's dial error text otherwise.
 */
import net from 'node:net';
import type { Clock } from '../../client/clock.js';
import { dialErrorText, dialTimeoutText } from './go_error_text.js';
import type { ProbeOutcome } from './probe_outcome.js';

/** Opens and closes a TCP connection to `host:port`; resolves with the outcome, never rejects. */
export function tcpProbe(
  host: string,
  port: number,
  timeoutSeconds: number,
  clock: Clock,
): Promise<ProbeOutcome> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const finish = (outcome: ProbeOutcome) => {
      timer.cancel();
      socket.destroy();
      resolve(outcome);
    };
    const timer = clock.setTimer(
      () => finish({ result: 'failure', output: dialTimeoutText(host, port) }),
      timeoutSeconds * 1000,
      {
        unref: true,
      },
    );
    socket.once('connect', () => finish({ result: 'success', output: '' }));
    socket.once('error', (err) => finish({ result: 'failure', output: dialErrorText(err, host, port) }));
  });
}
