/**
 * The csrapproving controller, as upstream's: a kubelet client certificate request
 * (`kubernetes.io/kube-apiserver-client-kubelet`, a node subject, the right usages) is approved
 * when a SubjectAccessReview says its requester may `create certificatesigningrequests/nodeclient`
 * (a new node, e.g. with a bootstrap token) or, when the requester is the node itself renewing,
 * `certificatesigningrequests/selfnodeclient`. A node asking for its kube-proxy's or DNS server's
 * identity (`node_component_requests.ts`) is approved too, as k3s hands its agents those.
 * Anything else is left for a person (`kubectl certificate approve`).
 */
import { StatusError } from '../../api/status_error.js';
import type { RestClient } from '../../client/rest_client.js';
import type { ControllerContext, ControllerDescriptor } from '../../controller/controller_context.js';
import type { Reconciler, Request } from '../../controller/reconciler.js';
import { parseCertificateRequest } from '../../server/certs/certificate_request.js';
import type { CertificateSigningRequest } from './csr_conditions.js';
import { isDecided, requestPem } from './csr_conditions.js';
import { APISERVER_CLIENT_SIGNER, KUBELET_CLIENT_SIGNER, signerRefusal } from './csr_signers.js';
import { nodeComponentRequest } from './node_component_requests.js';
import { runCsrController } from './csrsigning_controller.js';

/** Asks the API whether the requester of `csr` may create the `subresource` of CSRs. */
export type AccessReview = (csr: CertificateSigningRequest, subresource: string) => Promise<boolean>;

/** A review through `POST subjectaccessreviews`. */
export function subjectAccessReview(rest: RestClient): AccessReview {
  return async (csr, subresource) => {
    const review = await rest.request<{ status?: { allowed?: boolean } }>({
      method: 'POST',
      path: '/apis/authorization.k8s.io/v1/subjectaccessreviews',
      body: {
        apiVersion: 'authorization.k8s.io/v1',
        kind: 'SubjectAccessReview',
        spec: {
          user: csr.spec.username,
          uid: csr.spec.uid,
          groups: csr.spec.groups,
          extra: csr.spec.extra,
          resourceAttributes: {
            group: 'certificates.k8s.io',
            resource: 'certificatesigningrequests',
            verb: 'create',
            subresource,
          },
        },
      },
    });
    return review.status?.allowed === true;
  };
}

/** Approves kubelet client requests their requesters may make. */
export class CsrApprovingReconciler implements Reconciler {
  constructor(
    private readonly csrs: { get(key: string): CertificateSigningRequest | undefined },
    private readonly review: AccessReview,
    private readonly rest: RestClient,
  ) {}

  async reconcile(req: Request): Promise<void> {
    const csr = this.csrs.get(req.name);
    if (!csr || isDecided(csr) || csr.status?.certificate) return;
    if (csr.spec.signerName !== KUBELET_CLIENT_SIGNER && csr.spec.signerName !== APISERVER_CLIENT_SIGNER)
      return;
    let parsed;
    try {
      parsed = await parseCertificateRequest(requestPem(csr));
    } catch {
      return; // not a request we can judge: the signer reports it once approved
    }
    let message: string;
    if (csr.spec.signerName === APISERVER_CLIENT_SIGNER) {
      const user = nodeComponentRequest(csr, parsed);
      if (!user) return;
      message = `Auto approving ${user} client certificate for ${csr.spec.username ?? ''}.`;
    } else {
      if (signerRefusal(KUBELET_CLIENT_SIGNER, parsed, csr.spec.usages ?? [])) return;
      const self = csr.spec.username === parsed.commonName;
      const allowed = await this.review(csr, self ? 'selfnodeclient' : 'nodeclient');
      if (!allowed) return;
      message = self
        ? 'Auto approving self kubelet client certificate after SubjectAccessReview.'
        : 'Auto approving kubelet client certificate after SubjectAccessReview.';
    }
    try {
      await this.rest.request({
        method: 'PUT',
        path: `/apis/certificates.k8s.io/v1/certificatesigningrequests/${encodeURIComponent(req.name)}/approval`,
        body: {
          ...csr,
          status: {
            ...csr.status,
            conditions: [
              ...(csr.status?.conditions ?? []),
              { type: 'Approved', status: 'True', reason: 'AutoApproved', message },
            ],
          },
        },
      });
    } catch (err) {
      if (err instanceof StatusError && err.code === 404) return;
      throw err;
    }
  }
}

/** The `csrapproving` controller of the manager. */
export const csrApprovingController: ControllerDescriptor = {
  name: 'csrapproving',
  serviceAccount: 'certificate-controller',
  async run(ctx: ControllerContext, signal: AbortSignal) {
    await runCsrController(
      ctx,
      signal,
      'csrapproving',
      (csrs) => new CsrApprovingReconciler(csrs.cache, subjectAccessReview(ctx.rest), ctx.rest),
    );
  },
};
