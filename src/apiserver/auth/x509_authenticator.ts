/**
 * The client-certificate step of the authenticator chain: the identity of a TLS connection's
 * verified client certificate, computed once per connection (an HTTP/2 session or an HTTP/1.1
 * socket) and reused for each of its requests.
 */
import type { DetailedPeerCertificate, TLSSocket } from 'node:tls';
import type { UserInfo } from '../handlers/context.js';
import type { AnyRequest } from '../http/body.js';
import type { RequestAuthenticator } from './authenticator.js';
import { AuthenticationError } from './authenticator.js';

/**
 * Maps a peer certificate to a user (CN the name, O the groups): null when the client sent
 * none; throws when it sent one that cannot authenticate anyone.
 */
export type CertificateIdentifier = (
  cert: DetailedPeerCertificate,
) => { user: string; groups: string[] } | null;

/**
 * A request authenticator over `identify`: null without a certificate, the certificate's user
 * otherwise; a refused certificate throws `AuthenticationError` (401), as upstream's x509
 * authenticator fails the request instead of making it anonymous. `onRefused` hears why.
 */
export function x509Authenticator(
  identify: CertificateIdentifier,
  onRefused: (err: Error) => void = () => undefined,
): RequestAuthenticator {
  const identities = new WeakMap<object, UserInfo | null | AuthenticationError>();
  return (req: AnyRequest) => {
    const socket = req.socket as TLSSocket;
    const key = (req as { stream?: { session?: object } }).stream?.session ?? socket;
    let id = identities.get(key);
    if (id === undefined) {
      id = null;
      try {
        const c =
          typeof socket.getPeerCertificate === 'function' ? identify(socket.getPeerCertificate(true)) : null;
        if (c) id = { name: c.user, groups: [...c.groups] };
      } catch (err) {
        if (!(err instanceof Error)) throw err;
        onRefused(err);
        id = new AuthenticationError(err.message);
      }
      identities.set(key, id);
    }
    if (id instanceof AuthenticationError) throw id;
    return id;
  };
}
