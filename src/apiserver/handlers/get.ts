import { negotiate } from '../http/negotiate.js';
import { sendJson, sendObject } from '../http/respond.js';
import { parseIncludeObject, partialObjectMetadata, toTable } from '../table.js';
import type { RequestContext } from './context.js';

/** GET of one object: as stored, as a Table row, or as PartialObjectMetadata. */
export async function handleGet(ctx: RequestContext): Promise<void> {
  const rep = negotiate(ctx.req.headers.accept);
  const entry = await ctx.rs.get(
    ctx.info.namespace,
    ctx.info.name,
    ctx.query.get('resourceVersion') ?? undefined,
  );
  if (rep.table) {
    const table = toTable(ctx.def, [entry.obj], {
      include: parseIncludeObject(ctx.query.get('includeObject')),
      metaVersion: rep.metaVersion,
    });
    table.metadata.resourceVersion = entry.obj.metadata.resourceVersion;
    sendObject(ctx.res, 200, table);
  } else if (rep.partialMetadata) {
    sendObject(ctx.res, 200, partialObjectMetadata(entry.obj, rep.metaVersion));
  } else {
    sendJson(ctx.res, 200, entry.json);
  }
}
