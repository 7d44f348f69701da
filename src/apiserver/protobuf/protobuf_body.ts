/**
 * The request-body entry point for `application/vnd.kubernetes.protobuf`: the decoded object in its
 * JSON form, or a `StatusError` the API server answers with.
 */
import { badRequestError, StatusError } from '../../api/status_error.js';
import { decodeKubernetesProtobuf, KUBERNETES_PROTOBUF_MEDIA_TYPE } from './decode_kubernetes_protobuf.js';
import { KubernetesProtobufError } from './kubernetes_protobuf_error.js';

/**
 * Decodes a protobuf request body. A kind without a protobuf schema here is 415 UnsupportedMediaType
 * (the client may retry in JSON); a body that is not valid Kubernetes protobuf is 400 BadRequest.
 */
export function decodeProtobufBody(body: Uint8Array): Record<string, unknown> {
  try {
    return decodeKubernetesProtobuf(body);
  } catch (err) {
    if (err instanceof KubernetesProtobufError && err.reason === 'UnsupportedKind') {
      throw new StatusError(
        415,
        'UnsupportedMediaType',
        `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml; ${KUBERNETES_PROTOBUF_MEDIA_TYPE}: ${err.message}`,
      );
    }
    throw badRequestError(`the object provided is unrecognized: ${(err as Error).message}`);
  }
}
