/**
 * The CRI sandbox configuration of a pod (upstream's `generatePodSandboxConfig`): metadata,
 * hostname, log directory, DNS, host ports, labels and annotations, and the Linux namespaces
 * (host network, PID, IPC) and security settings.
 */
import path from 'node:path';
import type { Pod } from '../api/types/pod.js';
import type { PodSandboxConfig, PortMapping } from './cri/api.js';
import { sandboxLabels } from './labels.js';
import type { NodeDnsSettings } from './pod_dns.js';
import { podDnsConfig } from './pod_dns.js';

/** Upstream's pod log directory: `<root>/<namespace>_<name>_<uid>`. */
export function podLogDirectory(logRoot: string, pod: Pod): string {
  return path.join(
    logRoot,
    `${pod.metadata.namespace ?? 'default'}_${pod.metadata.name}_${pod.metadata.uid}`,
  );
}

/**
 * The pod's hostname as upstream's `GeneratePodHostNameAndDomain`: spec.hostname, else its name;
 * a name longer than 63 characters is cut to 63 without a trailing dot or dash.
 */
export function podHostname(pod: Pod): string {
  const name = pod.spec.hostname || pod.metadata.name || '';
  return name.length > 63 ? name.slice(0, 63).replace(/[-.]+$/, '') : name;
}

/** Host port mappings of every container port with a hostPort. */
export function podPortMappings(pod: Pod): PortMapping[] {
  const out: PortMapping[] = [];
  for (const c of pod.spec.containers) {
    for (const p of c.ports ?? []) {
      if (!p.hostPort) continue;
      out.push({
        protocol: p.protocol ?? 'TCP',
        containerPort: p.containerPort,
        hostPort: p.hostPort,
        hostIp: p.hostIP,
      });
    }
  }
  return out;
}

/** What the sandbox config depends on besides the pod. */
export interface SandboxContext {
  logRoot: string;
  dns: NodeDnsSettings;
}

function int(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isInteger(v) ? v : undefined;
}

/** The sandbox config of attempt `attempt` of `pod`. */
export function podSandboxConfig(pod: Pod, attempt: number, ctx: SandboxContext): PodSandboxConfig {
  const sc = (pod.spec.securityContext ?? {}) as Record<string, unknown>;
  const runAsUser = int(sc.runAsUser);
  const runAsGroup = int(sc.runAsGroup);
  const supplementalGroups = Array.isArray(sc.supplementalGroups)
    ? (sc.supplementalGroups as unknown[]).filter((g): g is number => typeof g === 'number')
    : [];
  const fsGroup = int(sc.fsGroup);
  if (fsGroup !== undefined) supplementalGroups.push(fsGroup);
  const sysctls: Record<string, string> = {};
  if (Array.isArray(sc.sysctls)) {
    for (const s of sc.sysctls as { name?: string; value?: string }[])
      if (s.name) sysctls[s.name] = s.value ?? '';
  }
  return {
    metadata: {
      name: pod.metadata.name ?? '',
      namespace: pod.metadata.namespace ?? 'default',
      uid: pod.metadata.uid ?? '',
      attempt,
    },
    // A hostNetwork pod keeps the node's UTS namespace and so its hostname (upstream sets none).
    hostname: pod.spec.hostNetwork ? undefined : podHostname(pod),
    logDirectory: podLogDirectory(ctx.logRoot, pod),
    dnsConfig: podDnsConfig(pod, ctx.dns),
    portMappings: podPortMappings(pod),
    labels: sandboxLabels(pod),
    annotations: {
      ...(pod.metadata.annotations ?? {}),
      'io.kubets.host-network': String(pod.spec.hostNetwork === true),
    },
    linux: {
      securityContext: {
        namespaceOptions: {
          network: pod.spec.hostNetwork ? 'NODE' : 'POD',
          pid: pod.spec.hostPID
            ? 'NODE'
            : (pod.spec as { shareProcessNamespace?: boolean }).shareProcessNamespace
              ? 'POD'
              : 'CONTAINER',
          ipc: pod.spec.hostIPC ? 'NODE' : 'POD',
        },
        runAsUser: runAsUser !== undefined ? { value: runAsUser } : undefined,
        runAsGroup: runAsGroup !== undefined ? { value: runAsGroup } : undefined,
        supplementalGroups,
      },
      sysctls,
    },
  };
}
