/**
 * The one error the protobuf decoder throws. `reason` tells the caller how to answer:
 * `UnsupportedKind` (a well-formed body of a kind kubets has no protobuf schema for, answered 415
 * so that the client sends JSON) or `Malformed` (a body that is not valid Kubernetes protobuf,
 * answered 400).
 */
export type KubernetesProtobufErrorReason = 'UnsupportedKind' | 'Malformed';

/** A Kubernetes protobuf body that could not be decoded, and why. */
export class KubernetesProtobufError extends Error {
  constructor(
    readonly reason: KubernetesProtobufErrorReason,
    message: string,
  ) {
    super(message);
    this.name = 'KubernetesProtobufError';
  }
}
