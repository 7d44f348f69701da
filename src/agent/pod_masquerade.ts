/**
 * The pods' way out: traffic from the cluster CIDR to anywhere outside it is masqueraded behind
 * the node's address, by one rule for the whole node (as flannel does) rather than one per pod.
 * The rule lives in kubets' own chain `KUBETS-POD-MASQ`, jumped to from nat POSTROUTING; the
 * chain is rewritten atomically with iptables-restore, so a second run changes nothing.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** kubets' chain in the nat table for the pods' masquerading. */
export const POD_MASQ_CHAIN = 'KUBETS-POD-MASQ';

/** The nat table's rules for `clusterCidr` (iptables-restore input; leaves other chains alone). */
export function podMasqueradeRules(clusterCidr: string): string {
  if (!/^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/.test(clusterCidr))
    throw new Error(`cluster CIDR ${JSON.stringify(clusterCidr)} is not an IPv4 CIDR`);
  return [
    '*nat',
    `:${POD_MASQ_CHAIN} - [0:0]`,
    `-A ${POD_MASQ_CHAIN} -d ${clusterCidr} -m comment --comment "kubets: pod to pod" -j RETURN`,
    `-A ${POD_MASQ_CHAIN} -d 224.0.0.0/4 -m comment --comment "kubets: multicast" -j RETURN`,
    `-A ${POD_MASQ_CHAIN} -m comment --comment "kubets: pods leaving the cluster network" -j MASQUERADE`,
    'COMMIT',
    '',
  ].join('\n');
}

/** Installs the rules (needs root and iptables); idempotent. */
export async function ensurePodMasquerade(clusterCidr: string): Promise<void> {
  const restore = run('iptables-restore', ['--noflush', '--wait']);
  restore.child.stdin!.end(podMasqueradeRules(clusterCidr));
  await restore;
  const rule = [
    '-s',
    clusterCidr,
    '-m',
    'comment',
    '--comment',
    'kubets: pod masquerade',
    '-j',
    POD_MASQ_CHAIN,
  ];
  try {
    await run('iptables', ['--wait', '-t', 'nat', '-C', 'POSTROUTING', ...rule]);
  } catch {
    await run('iptables', ['--wait', '-t', 'nat', '-A', 'POSTROUTING', ...rule]);
  }
}

/** Removes the jump and the chain (nothing when they are not there). */
export async function removePodMasquerade(): Promise<void> {
  const { stdout } = await run('iptables-save', ['-t', 'nat']);
  for (const line of stdout.split('\n')) {
    if (!line.startsWith('-A POSTROUTING ') || !line.includes(`-j ${POD_MASQ_CHAIN}`)) continue;
    // iptables-save prints the rule as iptables takes it; -D with the same words removes it.
    await run('sh', ['-c', `iptables --wait -t nat -D ${line.slice(3)}`]);
  }
  if (stdout.includes(`:${POD_MASQ_CHAIN} `)) {
    await run('iptables', ['--wait', '-t', 'nat', '-F', POD_MASQ_CHAIN]);
    await run('iptables', ['--wait', '-t', 'nat', '-X', POD_MASQ_CHAIN]);
  }
}
