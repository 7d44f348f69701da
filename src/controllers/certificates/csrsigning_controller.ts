/**
 * The csrsigning controller, as upstream's: an approved CertificateSigningRequest for one of the
 * built-in signers (see csr_signers.ts) is checked against that signer's rules and signed with
 * the matching cluster CA — the client CA for client certificates, the server CA for kubelet
 * serving ones — for the cluster signing duration (one year) or the shorter
 * `spec.expirationSeconds`, never past the CA's own expiry. The certificate goes to
 * `status.certificate`; a request the signer refuses gets a `Failed` condition with reason
 * `SignerValidationFailure`. Requests for other signers are left alone.
 */
import { X509Certificate } from 'node:crypto';
import { StatusError } from '../../api/status_error.js';
import type { Informer } from '../../client/informer.js';
import { ResourceClient } from '../../client/resource_client.js';
import { Resources } from '../../client/resource_type.js';
import { Controller } from '../../controller/controller.js';
import type {
  ClusterSigning,
  ControllerContext,
  ControllerDescriptor,
} from '../../controller/controller_context.js';
import type { Reconciler, Request } from '../../controller/reconciler.js';
import { signCertificate } from '../../server/certs/certificate.js';
import { parseCertificateRequest } from '../../server/certs/certificate_request.js';
import type { CertificateSigningRequest } from './csr_conditions.js';
import { isApproved, requestPem } from './csr_conditions.js';
import { signerProfile, signerRefusal } from './csr_signers.js';

const YEAR_MS = 365 * 24 * 3600 * 1000;
const BACKDATE_MS = 5 * 60 * 1000;

/** Signs approved requests (the request's name). */
export class CsrSigningReconciler implements Reconciler {
  constructor(
    private readonly signing: ClusterSigning,
    private readonly csrs: { get(key: string): CertificateSigningRequest | undefined },
    private readonly client: Pick<ResourceClient<CertificateSigningRequest>, 'updateStatus'>,
    private readonly now: () => number = Date.now,
  ) {}

  async reconcile(req: Request): Promise<void> {
    const csr = this.csrs.get(req.name);
    if (!csr || !isApproved(csr) || csr.status?.certificate) return;
    const profile = signerProfile(csr.spec.signerName);
    if (!profile) return;
    let refusal: string | undefined;
    let certificate: string | undefined;
    try {
      const parsed = await parseCertificateRequest(requestPem(csr));
      refusal = signerRefusal(csr.spec.signerName, parsed, csr.spec.usages ?? []);
      if (!refusal) {
        const ca = profile.ca === 'client' ? this.signing.client : this.signing.server;
        const now = this.now();
        const caEnd = Date.parse(new X509Certificate(ca.certPem).validTo);
        let duration = this.signing.durationMs ?? YEAR_MS;
        if (csr.spec.expirationSeconds) duration = Math.min(duration, csr.spec.expirationSeconds * 1000);
        const pem = await signCertificate(
          {
            commonName: parsed.commonName,
            organizations: parsed.organizations,
            usage: profile.usage,
            notBefore: new Date(now - BACKDATE_MS),
            notAfter: new Date(Math.min(now + duration, caEnd)),
            dnsNames: parsed.dnsNames,
            ips: parsed.ips,
          },
          parsed.spkiDer,
          ca,
        );
        certificate = Buffer.from(pem).toString('base64');
      }
    } catch (err) {
      refusal = (err as Error).message;
    }
    const status = { ...csr.status };
    if (certificate) status.certificate = certificate;
    else
      status.conditions = [
        ...(status.conditions ?? []),
        { type: 'Failed', status: 'True', reason: 'SignerValidationFailure', message: refusal ?? '' },
      ];
    try {
      await this.client.updateStatus({ ...csr, status });
    } catch (err) {
      if (err instanceof StatusError && err.code === 404) return;
      throw err; // a conflict retries with the fresher cache
    }
  }
}

/** Runs a CSR controller over the shared informer with `reconciler`. */
export async function runCsrController(
  ctx: ControllerContext,
  signal: AbortSignal,
  name: string,
  make: (csrs: Informer<CertificateSigningRequest>) => Reconciler,
): Promise<void> {
  const csrs = ctx.informers.informer(
    Resources.certificatesigningrequests,
  ) as unknown as Informer<CertificateSigningRequest>;
  const c = new Controller({ name, reconciler: make(csrs), workers: 2, log: ctx.log, metrics: ctx.metrics });
  c.watch(csrs);
  await c.run(signal);
}

/** The `csrsigning` controller of the manager (runs only when the cluster CAs were given). */
export const csrSigningController: ControllerDescriptor = {
  name: 'csrsigning',
  serviceAccount: 'certificate-controller',
  async run(ctx: ControllerContext, signal: AbortSignal) {
    const signing = ctx.settings.clusterSigning;
    if (!signing) {
      ctx.log.warn('no cluster signing CA given; csrsigning not started');
      return;
    }
    await runCsrController(
      ctx,
      signal,
      'csrsigning',
      (csrs) =>
        new CsrSigningReconciler(
          signing,
          csrs.cache,
          new ResourceClient(
            ctx.rest,
            Resources.certificatesigningrequests,
          ) as unknown as ResourceClient<CertificateSigningRequest>,
          () => ctx.clock.now(),
        ),
    );
  },
};
