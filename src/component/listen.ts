import type net from 'node:net';

/**
 * Starts `server` listening on `host:port`; resolves once it listens. A failure rejects with a
 * message a user can act on: which part could not listen where, and for a port in use or a
 * privileged one, why and which flag chooses another (`flag`, e.g. `--https-port`).
 */
export async function listenOrExplain(
  server: net.Server,
  port: number,
  host: string,
  what: string,
  flag: string,
): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const failed = (err: NodeJS.ErrnoException) => {
      const where = `${host.includes(':') ? `[${host}]` : host}:${port}`;
      if (err.code === 'EADDRINUSE')
        reject(
          new Error(
            `${what} cannot listen on ${where}: the port is already in use (choose another with ${flag})`,
          ),
        );
      else if (err.code === 'EACCES')
        reject(
          new Error(
            `${what} cannot listen on ${where}: permission denied (run as root or choose another port with ${flag})`,
          ),
        );
      else if (err.code === 'EADDRNOTAVAIL')
        reject(new Error(`${what} cannot listen on ${where}: the address is not on this machine`));
      else reject(err);
    };
    server.once('error', failed);
    server.listen(port, host, () => {
      server.off('error', failed);
      resolve();
    });
  });
}
