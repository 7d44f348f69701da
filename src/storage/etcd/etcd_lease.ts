import { randomBytes } from 'node:crypto';
import { EtcdCallFailure } from './etcd_rpc.js';
import type { EtcdConnection } from './etcd_rpc.js';

/**
 * A random positive lease id below 2^53. etcd's own ids use all 63 bits and would not survive as
 * JavaScript numbers, so the store asks etcd for ids it chose (LeaseGrant with ID set).
 */
export function newLeaseId(): number {
  const id = Number(randomBytes(8).readBigUInt64BE() >> 11n);
  return id === 0 ? 1 : id;
}

/**
 * One keep-alive round trip on a fresh LeaseKeepAlive stream, within the connection's request
 * deadline: resolves with the renewed TTL in seconds, 0 when etcd does not know the lease.
 * Rejects with `EtcdCallFailure` when the stream fails before answering.
 */
export function keepAliveOnce(connection: EtcdConnection, id: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const { call, endpoint, index } = connection.stream('Lease.LeaseKeepAlive', connection.requestTimeoutMs);
    let settled = false;
    call.on('data', (response) => {
      if (settled) return;
      settled = true;
      call.end();
      resolve(Math.max(response.TTL, 0));
    });
    call.on('error', () => {}); // settled on 'status', which carries the same information
    call.on('status', (status) => {
      if (settled) return;
      settled = true;
      connection.noteFailure(index, status);
      reject(
        new EtcdCallFailure(
          endpoint,
          status.code === 0 ? new Error('stream ended without an answer') : status,
        ),
      );
    });
    call.write({ ID: id });
  });
}
