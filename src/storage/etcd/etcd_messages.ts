/**
 * The etcd v3 wire messages kubets sends and receives, typed as @grpc/proto-loader presents them
 * with the options of etcd_rpc.ts: field names as in etcd.proto (`keepCase`), int64 as `number`
 * (revisions stay far below 2^53; lease ids are chosen by kubets to fit), bytes as `Buffer`,
 * enums as their names, unset scalars as their defaults and unset messages as `null`.
 *
 * Requests list only the fields kubets sets; omitted fields take their proto3 defaults.
 */

/** mvccpb.KeyValue as decoded. */
export interface KeyValueMessage {
  key: Buffer;
  create_revision: number;
  mod_revision: number;
  version: number;
  value: Buffer;
  lease: number;
}

/** mvccpb.Event as decoded. */
export interface EventMessage {
  type: 'PUT' | 'DELETE';
  kv: KeyValueMessage | null;
  prev_kv: KeyValueMessage | null;
}

/** etcdserverpb.ResponseHeader as decoded. */
export interface ResponseHeaderMessage {
  revision: number;
}

/** etcdserverpb.RangeRequest. */
export interface RangeRequest {
  key: Buffer;
  range_end?: Buffer;
  limit?: number;
  revision?: number;
  count_only?: boolean;
}

/** etcdserverpb.RangeResponse. */
export interface RangeResponse {
  header: ResponseHeaderMessage | null;
  kvs: KeyValueMessage[];
  more: boolean;
  count: number;
}

/** etcdserverpb.PutRequest. */
export interface PutRequest {
  key: Buffer;
  value: Buffer;
  lease?: number;
  prev_kv?: boolean;
}

/** etcdserverpb.PutResponse. */
export interface PutResponse {
  header: ResponseHeaderMessage | null;
  prev_kv: KeyValueMessage | null;
}

/** etcdserverpb.DeleteRangeRequest. */
export interface DeleteRangeRequest {
  key: Buffer;
  range_end?: Buffer;
  prev_kv?: boolean;
}

/** etcdserverpb.DeleteRangeResponse. */
export interface DeleteRangeResponse {
  header: ResponseHeaderMessage | null;
  deleted: number;
  prev_kvs: KeyValueMessage[];
}

/** etcdserverpb.RequestOp: exactly one member set. */
export type RequestOp =
  | { request_range: RangeRequest }
  | { request_put: PutRequest }
  | { request_delete_range: DeleteRangeRequest };

/** etcdserverpb.ResponseOp: `response` names the member that is set. */
export interface ResponseOp {
  response?: 'response_range' | 'response_put' | 'response_delete_range';
  response_range?: RangeResponse;
  response_put?: PutResponse;
  response_delete_range?: DeleteRangeResponse;
}

/** etcdserverpb.Compare, for the targets kubets uses (VERSION and MOD). */
export type Compare =
  | { target: 'MOD'; result: 'EQUAL' | 'GREATER' | 'LESS' | 'NOT_EQUAL'; key: Buffer; mod_revision: number }
  | { target: 'VERSION'; result: 'EQUAL' | 'GREATER' | 'LESS' | 'NOT_EQUAL'; key: Buffer; version: number };

/** etcdserverpb.TxnRequest. */
export interface TxnRequest {
  compare: Compare[];
  success: RequestOp[];
  failure: RequestOp[];
}

/** etcdserverpb.TxnResponse. */
export interface TxnResponse {
  header: ResponseHeaderMessage | null;
  succeeded: boolean;
  responses: ResponseOp[];
}

/** etcdserverpb.CompactionRequest. */
export interface CompactionRequest {
  revision: number;
  physical?: boolean;
}

/** etcdserverpb.CompactionResponse. */
export interface CompactionResponse {
  header: ResponseHeaderMessage | null;
}

/** etcdserverpb.WatchCreateRequest. */
export interface WatchCreateRequest {
  key: Buffer;
  range_end: Buffer;
  start_revision: number;
  progress_notify: boolean;
  prev_kv: boolean;
  watch_id: number;
}

/** etcdserverpb.WatchRequest: create or cancel one watcher on a stream. */
export type WatchRequest = { create_request: WatchCreateRequest } | { cancel_request: { watch_id: number } };

/** etcdserverpb.WatchResponse. */
export interface WatchResponse {
  header: ResponseHeaderMessage | null;
  watch_id: number;
  created: boolean;
  canceled: boolean;
  compact_revision: number;
  cancel_reason: string;
  events: EventMessage[];
}

/** etcdserverpb.LeaseGrantRequest (`ID` 0 lets etcd choose). */
export interface LeaseGrantRequest {
  TTL: number;
  ID: number;
}

/** etcdserverpb.LeaseGrantResponse. */
export interface LeaseGrantResponse {
  header: ResponseHeaderMessage | null;
  ID: number;
  TTL: number;
  error: string;
}

/** etcdserverpb.LeaseRevokeRequest. */
export interface LeaseRevokeRequest {
  ID: number;
}

/** etcdserverpb.LeaseRevokeResponse. */
export interface LeaseRevokeResponse {
  header: ResponseHeaderMessage | null;
}

/** etcdserverpb.LeaseKeepAliveRequest. */
export interface LeaseKeepAliveRequest {
  ID: number;
}

/** etcdserverpb.LeaseKeepAliveResponse: `TTL` 0 means the lease does not exist. */
export interface LeaseKeepAliveResponse {
  header: ResponseHeaderMessage | null;
  ID: number;
  TTL: number;
}

/** etcdserverpb.StatusResponse. */
export interface StatusResponse {
  header: ResponseHeaderMessage | null;
  version: string;
}

/** The unary methods kubets calls, by `Service.Method`, with their request and response types. */
export interface UnaryMethods {
  'KV.Range': [RangeRequest, RangeResponse];
  'KV.Put': [PutRequest, PutResponse];
  'KV.DeleteRange': [DeleteRangeRequest, DeleteRangeResponse];
  'KV.Txn': [TxnRequest, TxnResponse];
  'KV.Compact': [CompactionRequest, CompactionResponse];
  'Lease.LeaseGrant': [LeaseGrantRequest, LeaseGrantResponse];
  'Lease.LeaseRevoke': [LeaseRevokeRequest, LeaseRevokeResponse];
  'Maintenance.Status': [Record<string, never>, StatusResponse];
}

/** The bidirectional streaming methods kubets calls, with their request and response types. */
export interface StreamMethods {
  'Watch.Watch': [WatchRequest, WatchResponse];
  'Lease.LeaseKeepAlive': [LeaseKeepAliveRequest, LeaseKeepAliveResponse];
}
