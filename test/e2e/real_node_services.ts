/**
 * Services on a real node (registered by real_node.test.ts, which owns the cluster): a
 * Deployment of 3 busybox httpd replicas behind the Service `web`, reached from a client pod by
 * name (cluster DNS at 10.43.0.10, itself a Service) and by ClusterIP, spread over all 3; its
 * NodePort from the host; a LoadBalancer on the node address; scaled to zero it refuses at once, scaled back it answers; a replica
 * whose readiness fails leaves the rotation. Every hop is kube-proxy's iptables rules.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { describe, test } from 'node:test';

/** What the services tests need from the file that runs the cluster. */
export interface ServicesTestContext {
  ns: string;
  kubectl(args: string[], opts?: { input?: string }): Promise<string>;
  until<T>(what: string, fn: () => Promise<T | undefined>, ms?: number): Promise<T>;
}

function get(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { timeout: 3000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve(body));
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${url} timed out`)));
    req.on('error', reject);
  });
}

/** Registers the services tests; see the file comment. */
export function servicesTests(ctx: ServicesTestContext): void {
  const { ns, kubectl, until } = ctx;
  const k = (...args: string[]) => kubectl(['-n', ns, ...args]);
  /**
   * GETs /name of `host`:80 from the client pod `n` times with busybox nc (busybox-static's wget
   * crashes in glibc's static name service lookups); the body, or nc's error, of each.
   */
  const fromClient = async (host: string, n: number): Promise<string[]> => {
    const request = `printf 'GET /name HTTP/1.0\\r\\n\\r\\n' | nc -w 3 ${host} 80 2>&1`;
    const script = `for i in $(seq 1 ${n}); do { ${request}; } | tail -n 1; done`;
    return (await k('exec', 'svc-client', '--', 'sh', '-c', script)).trim().split('\n');
  };
  const webPods = async () =>
    (
      JSON.parse(await k('get', 'pods', '-l', 'app=svc-web', '-o', 'json')) as {
        items: { metadata: { name: string; deletionTimestamp?: string } }[];
      }
    ).items.filter((p) => !p.metadata.deletionTimestamp);
  let clusterIP = '';
  let nodePort = 0;
  let nodeIP = '';

  describe('services on the real node', () => {
    test('a Service over 3 replicas is reached by name and ClusterIP from a pod, spread over all 3', async () => {
      await kubectl(['-n', ns, 'apply', '-f', '-'], {
        input: JSON.stringify({
          apiVersion: 'v1',
          kind: 'List',
          items: [
            {
              apiVersion: 'apps/v1',
              kind: 'Deployment',
              metadata: { name: 'svc-web' },
              spec: {
                replicas: 3,
                selector: { matchLabels: { app: 'svc-web' } },
                template: {
                  metadata: { labels: { app: 'svc-web' } },
                  spec: {
                    terminationGracePeriodSeconds: 1,
                    containers: [
                      {
                        name: 'httpd',
                        image: 'busybox:1.35',
                        command: [
                          'sh',
                          '-c',
                          'mkdir -p /www; hostname > /www/name; touch /www/ready; exec httpd -f -p 8080 -h /www',
                        ],
                        ports: [{ name: 'http', containerPort: 8080 }],
                        readinessProbe: {
                          httpGet: { path: '/ready', port: 'http' },
                          periodSeconds: 1,
                          failureThreshold: 1,
                        },
                      },
                    ],
                  },
                },
              },
            },
            {
              apiVersion: 'v1',
              kind: 'Service',
              metadata: { name: 'web' },
              spec: {
                type: 'NodePort',
                selector: { app: 'svc-web' },
                ports: [{ name: 'http', port: 80, targetPort: 'http' }],
              },
            },
            {
              apiVersion: 'v1',
              kind: 'Pod',
              metadata: { name: 'svc-client' },
              spec: {
                terminationGracePeriodSeconds: 1,
                containers: [{ name: 'c', image: 'busybox:1.35', command: ['sleep', '3600'] }],
              },
            },
          ],
        }),
      });
      assert.match(
        await k('rollout', 'status', 'deployment/svc-web', '--timeout=90s'),
        /successfully rolled out/,
      );
      await k('wait', '--for=condition=Ready', 'pod/svc-client', '--timeout=60s');
      const svc = JSON.parse(await k('get', 'service', 'web', '-o', 'json')) as {
        spec: { clusterIP: string; ports: { nodePort: number }[] };
      };
      clusterIP = svc.spec.clusterIP;
      nodePort = svc.spec.ports[0]!.nodePort;
      const node = JSON.parse(await kubectl(['get', 'node', 'e2e-node', '-o', 'json'])) as {
        status: { addresses: { type: string; address: string }[] };
      };
      nodeIP = node.status.addresses.find((a) => a.type === 'InternalIP')!.address;

      const names = new Set((await webPods()).map((p) => p.metadata.name));
      assert.equal(names.size, 3);
      for (const url of [`web.${ns}.svc.cluster.local`, clusterIP]) {
        const seen = new Set<string>();
        await until(`${url} to reach all 3 replicas`, async () => {
          for (const body of await fromClient(url, 10)) {
            assert.ok(names.has(body), `${url} answered ${JSON.stringify(body)}`);
            seen.add(body);
          }
          return seen.size === 3 || undefined;
        });
      }
    });

    test('the NodePort answers from the host on the node address', async () => {
      const names = new Set((await webPods()).map((p) => p.metadata.name));
      const seen = new Set<string>();
      await until('the node port to reach all 3 replicas', async () => {
        const body = (await get(`http://${nodeIP}:${nodePort}/name`)).trim();
        assert.ok(names.has(body), `answered ${JSON.stringify(body)}`);
        seen.add(body);
        return seen.size === 3 || undefined;
      });
    });

    test('a LoadBalancer Service gets the node address as its ingress, and answers there', async () => {
      await kubectl(['-n', ns, 'apply', '-f', '-'], {
        input: JSON.stringify({
          apiVersion: 'v1',
          kind: 'Service',
          metadata: { name: 'web-lb' },
          spec: {
            type: 'LoadBalancer',
            selector: { app: 'svc-web' },
            ports: [{ name: 'http', port: 8089, targetPort: 'http' }],
          },
        }),
      });
      await until('the load balancer ingress', async () =>
        (await k('get', 'service', 'web-lb', '-o', 'jsonpath={.status.loadBalancer.ingress[0].ip}')) ===
        nodeIP
          ? true
          : undefined,
      );
      assert.match(
        await k('get', 'service', 'web-lb'),
        new RegExp(`web-lb\\s+LoadBalancer\\s+\\S+\\s+${nodeIP}\\s+8089:`),
      );
      const names = new Set((await webPods()).map((p) => p.metadata.name));
      const body = await until('the load balancer address to answer', async () =>
        (await get(`http://${nodeIP}:8089/name`)).trim(),
      );
      assert.ok(names.has(body), `answered ${JSON.stringify(body)}`);
      await k('delete', 'service', 'web-lb');
    });

    test('scaled to zero the service refuses connections; scaled back it answers again', async () => {
      await k('scale', 'deployment/svc-web', '--replicas=0');
      // Until the terminating replicas are gone from the slice, they are still (rightly) used.
      await until(
        'the endpoints to be gone',
        async () => {
          const out = await k('get', 'endpointslices', '-l', 'kubernetes.io/service-name=web', '-o', 'json');
          const slices = JSON.parse(out) as { items: { endpoints?: unknown[] | null }[] };
          return slices.items.every((sl) => (sl.endpoints ?? []).length === 0) || undefined;
        },
        90_000,
      );
      // Once the endpoints are gone, refused rather than left to hang. (The kernel rate-limits
      // the ICMP errors REJECT sends to one client, so an attempt among many may time out.)
      for (const host of [clusterIP, `web.${ns}.svc.cluster.local`])
        await until(`${host} to refuse connections`, async () => {
          const [line] = await fromClient(host, 1);
          assert.match(line!, /^nc: /, `no answer from ${host} without endpoints`);
          return /Connection refused/.test(line!) || undefined;
        });
      await new Promise<void>((resolve, reject) => {
        const s = net.connect(nodePort, nodeIP);
        s.on('connect', () => reject(new Error('the node port accepted a connection without endpoints')));
        s.on('error', (e: NodeJS.ErrnoException) => (e.code === 'ECONNREFUSED' ? resolve() : reject(e)));
      });

      await k('scale', 'deployment/svc-web', '--replicas=3');
      assert.match(
        await k('rollout', 'status', 'deployment/svc-web', '--timeout=90s'),
        /successfully rolled out/,
      );
      const names = new Set((await webPods()).map((p) => p.metadata.name));
      await until('the service to answer again', async () => {
        const out = await fromClient(`web.${ns}.svc.cluster.local`, 3);
        return out.every((l) => names.has(l)) || undefined;
      });
    });

    test('a replica whose readiness fails leaves the rotation', async () => {
      const [sick, ...others] = (await webPods()).map((p) => p.metadata.name);
      assert.ok(sick, 'a web pod');
      await k('exec', sick!, '--', 'rm', '/www/ready');
      await k('wait', '--for=condition=Ready=false', `pod/${sick}`, '--timeout=60s');
      await until('the unready replica to leave the rotation', async () => {
        const out = await fromClient(clusterIP, 15);
        return out.every((l) => others.includes(l)) || undefined;
      });
      const out = await fromClient(`web.${ns}.svc.cluster.local`, 20);
      for (const l of out) assert.ok(others.includes(l), `${l} is one of the ready replicas`);
      assert.equal(new Set(out).size, 2, 'both ready replicas still answer');
    });
  });
}
