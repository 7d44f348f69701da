/**
 * Decodes a request body in Kubernetes' protobuf encoding (`application/vnd.kubernetes.protobuf`)
 * into the JSON form of the same object, so that everything after body decoding sees exactly what a
 * JSON client would have sent.
 *
 * The wire format is apimachinery's: the 4-byte prefix `k8s\0`, then a `runtime.Unknown` message
 * whose `typeMeta` names the object's apiVersion and kind and whose `raw` holds the object's own
 * message (from the group's `generated.proto`).
 */
import type protobuf from 'protobufjs';
import { kubernetesProtoType } from './kubernetes_proto_root.js';
import { KubernetesProtobufError } from './kubernetes_protobuf_error.js';
import { messageToJson, type ProtoToJsonContext } from './proto_to_json.js';
import { protobufMessageForKind } from './protobuf_kinds.js';

/** The media type of Kubernetes protobuf bodies. */
export const KUBERNETES_PROTOBUF_MEDIA_TYPE = 'application/vnd.kubernetes.protobuf';

/** The prefix of every Kubernetes protobuf body: `k8s` and a NUL byte. */
export const KUBERNETES_PROTOBUF_MAGIC: Readonly<Uint8Array> = Uint8Array.of(0x6b, 0x38, 0x73, 0x00);

const UNKNOWN = 'k8s.io.apimachinery.pkg.runtime.Unknown';
/** How deep objects may nest inside RawExtensions before the body is refused. */
const MAX_NESTING = 8;

/**
 * The JSON form of the object in `body` (`kind` and `apiVersion` first, then the object's fields
 * under their JSON names). Throws a {@link KubernetesProtobufError}: `UnsupportedKind` for a kind
 * with no protobuf schema here, `Malformed` for anything that is not a valid encoding.
 */
export function decodeKubernetesProtobuf(body: Uint8Array): Record<string, unknown> {
  try {
    return decodeEnvelope(body, 0);
  } catch (err) {
    if (err instanceof KubernetesProtobufError) throw err;
    throw new KubernetesProtobufError('Malformed', `invalid protobuf body: ${(err as Error).message}`);
  }
}

function decodeEnvelope(body: Uint8Array, depth: number): Record<string, unknown> {
  if (depth > MAX_NESTING) throw new KubernetesProtobufError('Malformed', 'objects are nested too deeply');
  if (!hasMagic(body)) {
    throw new KubernetesProtobufError(
      'Malformed',
      'the body does not start with the Kubernetes protobuf prefix "k8s\\x00"',
    );
  }
  const envelope = decodeMessage(
    kubernetesProtoType(UNKNOWN),
    body.subarray(KUBERNETES_PROTOBUF_MAGIC.length),
    {
      what: 'the runtime.Unknown envelope',
    },
  );
  const typeMeta = field(envelope, 'typeMeta');
  const apiVersion = stringOf(field(typeMeta, 'apiVersion'));
  const kind = stringOf(field(typeMeta, 'kind'));
  if (!kind)
    throw new KubernetesProtobufError('Malformed', "Object 'Kind' is missing in the protobuf envelope");
  const encoding = stringOf(field(envelope, 'contentEncoding'));
  if (encoding) {
    throw new KubernetesProtobufError(
      'Malformed',
      `content encoding ${JSON.stringify(encoding)} is not supported`,
    );
  }
  const messageName = protobufMessageForKind(apiVersion, kind);
  if (!messageName) {
    throw new KubernetesProtobufError(
      'UnsupportedKind',
      `no protobuf schema for kind ${JSON.stringify(kind)} in version ${JSON.stringify(apiVersion)}; send it as application/json`,
    );
  }
  const type = kubernetesProtoType(messageName);
  const raw = field(envelope, 'raw');
  const message = decodeMessage(type, raw instanceof Uint8Array ? raw : new Uint8Array(0), {
    what: `${apiVersion}, Kind=${kind}`,
  });
  const ctx: ProtoToJsonContext = { decodeEmbedded: (bytes) => decodeEnvelope(bytes, depth + 1) };
  const fields = messageToJson(type, message, ctx) as Record<string, unknown>;
  const head: Record<string, unknown> = { kind };
  if (apiVersion) head.apiVersion = apiVersion;
  return Object.assign(head, fields);
}

function hasMagic(body: Uint8Array): boolean {
  if (body.length < KUBERNETES_PROTOBUF_MAGIC.length) return false;
  return KUBERNETES_PROTOBUF_MAGIC.every((byte, i) => body[i] === byte);
}

/** protobufjs's decode, its exceptions (truncation, bad wire types) turned into `Malformed`. */
function decodeMessage(type: protobuf.Type, bytes: Uint8Array, ctx: { what: string }): protobuf.Message {
  try {
    return type.decode(bytes);
  } catch (err) {
    throw new KubernetesProtobufError(
      'Malformed',
      `invalid protobuf for ${ctx.what}: ${(err as Error).message}`,
    );
  }
}

function field(message: unknown, name: string): unknown {
  if (typeof message !== 'object' || message === null || !Object.hasOwn(message, name)) return undefined;
  return (message as Record<string, unknown>)[name];
}

function stringOf(value: unknown): string {
  return typeof value === 'string' ? value : '';
}
