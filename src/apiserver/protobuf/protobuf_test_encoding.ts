/**
 * Test support: encodes objects given in their protobuf shape (Time as `{seconds, nanos}`,
 * IntOrString as `{type, intVal, strVal}`, bytes as Buffers) with kubets' schema and wraps them in
 * the Kubernetes envelope, as client-go does. Only tests import this.
 */
import { kubernetesProtoType } from './kubernetes_proto_root.js';
import { KUBERNETES_PROTOBUF_MAGIC } from './decode_kubernetes_protobuf.js';

/** The protobuf encoding of `object` as the message `messageName`. */
export function encodeMessage(messageName: string, object: Record<string, unknown>): Uint8Array {
  const type = kubernetesProtoType(messageName);
  const problem = type.verify(object);
  if (problem) throw new Error(`test object is not a valid ${messageName}: ${problem}`);
  return type.encode(type.fromObject(object)).finish();
}

/** `k8s\0` + runtime.Unknown{typeMeta{apiVersion, kind}, raw}, raw being `object` as `messageName`. */
export function encodeEnvelope(
  apiVersion: string,
  kind: string,
  messageName: string,
  object: Record<string, unknown>,
): Buffer {
  const unknown = encodeMessage('k8s.io.apimachinery.pkg.runtime.Unknown', {
    typeMeta: { apiVersion, kind },
    raw: encodeMessage(messageName, object),
    contentEncoding: '',
    contentType: '',
  });
  return Buffer.concat([KUBERNETES_PROTOBUF_MAGIC, unknown]);
}
