import { recordUpdate } from '../fieldmanager/managed_fields.js';
import { typeInfoOf, writerOf } from '../fieldmanager/request_writer.js';
import { decodeBody, readBody } from '../http/body.js';
import { sendJson } from '../http/respond.js';
import { asObjectOfKind, checkNamespace, prepareCreate } from '../write_path.js';
import type { RequestContext } from './context.js';
import { isDryRun } from './context.js';

/** POST of a new object: decode, check against the URL, prepare, admit, store; 201 with the object. */
export async function handleCreate(ctx: RequestContext): Promise<void> {
  const { def, info } = ctx;
  const body = decodeBody(await readBody(ctx.req), ctx.req.headers['content-type']);
  const writer = writerOf(ctx);
  const obj = asObjectOfKind(body, def);
  checkNamespace(obj, def, info.namespace);
  await ctx.api.admission.admitCreate(ctx, obj);
  prepareCreate(def, obj, { user: ctx.user.name, userInfo: ctx.user });
  recordUpdate(obj, undefined, writer, typeInfoOf(def));
  await ctx.api.admission.validateCreate(ctx, obj);
  const created = await ctx.rs.create(obj, { dryRun: isDryRun(ctx.query) });
  sendJson(ctx.res, 201, created.json);
}
