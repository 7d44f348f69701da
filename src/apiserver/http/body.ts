import { decodeProtobufBody } from '../protobuf/protobuf_body.js';
import type { IncomingMessage } from 'node:http';
import type { Http2ServerRequest } from 'node:http2';
import { parse as parseYaml } from 'yaml';
import { checkTextNesting } from './nesting_depth.js';
import {
  badRequestError,
  requestEntityTooLargeError,
  unsupportedMediaTypeError,
} from '../../api/status_error.js';

/** A request as both the HTTP/1.1 and the HTTP/2 compatibility APIs give it. */
export type AnyRequest = IncomingMessage | Http2ServerRequest;

/** Largest request body accepted, as upstream's 3 MiB limit. */
export const MAX_REQUEST_BODY_BYTES = 3 * 1024 * 1024;

/** Reads the whole body; over `limit` bytes answers 413 without reading further. */
export async function readBody(req: AnyRequest, limit = MAX_REQUEST_BODY_BYTES): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) throw requestEntityTooLargeError(`limit is ${limit}`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      req.resume();
      throw requestEntityTooLargeError(`limit is ${limit}`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** The media type of a Content-Type header, lowercased, without parameters. */
export function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}

/**
 * Decodes a body as JSON or YAML (by Content-Type; JSON when absent). Anything else is 415;
 * a body that does not parse is 400 with the parser's complaint, as upstream answers.
 */
export function decodeBody(body: Buffer, contentType: string | undefined): unknown {
  const type = mediaType(contentType);
  if (body.length === 0) throw badRequestError('the body of the request was empty');
  if (type === '' || type === 'application/json' || type === '*/*') return parseJson(body);
  if (type === 'application/yaml' || type === 'application/x-yaml' || type === 'text/yaml')
    return parseYamlBody(body);
  if (type === 'application/vnd.kubernetes.protobuf') return decodeProtobufBody(body);
  throw unsupportedMediaTypeError(type);
}

/** Parses JSON with an upstream-like error message. */
export function parseJson(body: Buffer): unknown {
  const text = body.toString('utf8');
  checkTextNesting(text, 'json');
  try {
    return JSON.parse(text);
  } catch (err) {
    throw badRequestError(
      `the object provided is unrecognized (must be of type object): ${(err as Error).message}`,
    );
  }
}

/** Parses YAML (a JSON superset) with a clear error. */
export function parseYamlBody(body: Buffer): unknown {
  const text = body.toString('utf8');
  checkTextNesting(text, 'error converting YAML to JSON: yaml');
  try {
    return parseYaml(text, { maxAliasCount: 100 });
  } catch (err) {
    throw badRequestError(`error converting YAML to JSON: ${(err as Error).message.split('\n')[0]}`);
  }
}
