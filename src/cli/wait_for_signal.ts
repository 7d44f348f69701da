/** Waiting for the process to be asked to stop. */

/** Resolves with the signal's name on the first SIGINT or SIGTERM, keeping the process alive until then. */
export function waitForStopSignal(): Promise<string> {
  return new Promise((resolve) => {
    const keepAlive = setInterval(() => undefined, 1 << 30);
    const stop = (signal: string) => {
      clearInterval(keepAlive);
      resolve(signal);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
