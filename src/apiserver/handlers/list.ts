import { groupVersion } from '../registry/resource.js';
import { negotiate } from '../http/negotiate.js';
import { sendJson, sendObject } from '../http/respond.js';
import { buildFilter, parseLimit } from '../selectors.js';
import type { ListPage } from '../store/resource_store.js';
import { parseIncludeObject, partialObjectMetadata, toTable } from '../table.js';
import type { RequestContext } from './context.js';

/** The options of a LIST taken from the query. */
export function listOptionsFrom(ctx: RequestContext) {
  return {
    resourceVersion: ctx.query.get('resourceVersion') ?? undefined,
    resourceVersionMatch: ctx.query.get('resourceVersionMatch') ?? undefined,
    limit: parseLimit(ctx.query.get('limit')),
    continueToken: ctx.query.get('continue') ?? undefined,
    filter: buildFilter(ctx.def, ctx.query),
  };
}

/** LIST: the objects as a `<Kind>List`, a Table, or a PartialObjectMetadataList. */
export async function handleList(ctx: RequestContext): Promise<void> {
  const rep = negotiate(ctx.req.headers.accept);
  const page = await ctx.rs.list(ctx.info.namespace, listOptionsFrom(ctx));
  const metadata = listMeta(page);
  if (rep.table) {
    const table = toTable(
      ctx.def,
      page.entries.map((e) => e.obj),
      { include: parseIncludeObject(ctx.query.get('includeObject')), metaVersion: rep.metaVersion },
    );
    table.metadata = metadata;
    sendObject(ctx.res, 200, table);
    return;
  }
  if (rep.partialMetadata) {
    sendObject(ctx.res, 200, {
      kind: 'PartialObjectMetadataList',
      apiVersion: `meta.k8s.io/${rep.metaVersion}`,
      metadata,
      items: page.entries.map((e) => partialObjectMetadata(e.obj, rep.metaVersion)),
    });
    return;
  }
  // The items are already serialized: join their bytes instead of encoding the list again.
  const head = `{"kind":${JSON.stringify(ctx.def.listKind)},"apiVersion":${JSON.stringify(groupVersion(ctx.def))},"metadata":${JSON.stringify(metadata)},"items":[`;
  let body = head;
  for (let i = 0; i < page.entries.length; i++) body += (i ? ',' : '') + page.entries[i]!.json;
  sendJson(ctx.res, 200, body + ']}');
}

function listMeta(page: ListPage): {
  resourceVersion: string;
  continue?: string;
  remainingItemCount?: number;
} {
  const m: { resourceVersion: string; continue?: string; remainingItemCount?: number } = {
    resourceVersion: String(page.revision),
  };
  if (page.continueToken) m.continue = page.continueToken;
  if (page.remainingItemCount !== undefined) m.remainingItemCount = page.remainingItemCount;
  return m;
}
