/**
 * The pod's kubelet-managed `/etc/hosts` (upstream's `managedHostsFileContent`): localhost
 * entries, the pod's own addresses under its hostname (and FQDN when it has a subdomain), then
 * `spec.hostAliases`.
 */
import type { Pod } from '../../api/types/pod.js';
import { podHostname } from '../sandbox_config.js';

/** The content of the hosts file of `pod` with `podIPs` in `clusterDomain`. */
export function etcHostsContent(pod: Pod, podIPs: string[], clusterDomain = 'cluster.local'): string {
  const hostname = podHostname(pod);
  const ns = pod.metadata.namespace ?? 'default';
  const domain = pod.spec.subdomain ? `${pod.spec.subdomain}.${ns}.svc.${clusterDomain}` : '';
  let s =
    '# Kubernetes-managed hosts file.\n' +
    '127.0.0.1\tlocalhost\n' +
    '::1\tlocalhost ip6-localhost ip6-loopback\n' +
    'fe00::0\tip6-localnet\n' +
    'fe00::0\tip6-mcastprefix\n' +
    'fe00::1\tip6-allnodes\n' +
    'fe00::2\tip6-allrouters\n';
  for (const ip of podIPs)
    s += domain ? `${ip}\t${hostname}.${domain}\t${hostname}\n` : `${ip}\t${hostname}\n`;
  const aliases = pod.spec.hostAliases ?? [];
  if (aliases.length > 0) {
    s += '\n# Entries added by HostAliases.\n';
    for (const a of aliases) s += `${a.ip}\t${(a.hostnames ?? []).join('\t')}\n`;
  }
  return s;
}
