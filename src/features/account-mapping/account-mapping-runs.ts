// The settings tab's account map: a partner list sent in parts (each under hubspot.fetch's 1 MB),
// matched against the company index like `cosell map`, optionally saved for the partner.
import type * as Api from '../../contract/card-api';
import type { AppDeps } from '../../app/app-deps';
import type { AccountMap, Icp, MatchCategory } from '../../domain/account-mapping/index';
import { createAccountMapBuilder, MATCH_CATEGORIES, parseIcp, recogniseColumns, THEIR_COLUMN_NAMES } from '../../domain/account-mapping/index';
import type { Actor } from '../shared/card-support';
import type { Outcome } from '../shared/outcome';
import { conflict, invalid, notFound, ok } from '../shared/outcome';
import { previousMapOf, saveAccountMap } from './account-mapping-service';
import { streamIndexedCompanies } from './company-index';

/** Entries per list the tab receives; the whole map is `cosell map --json`. */
export const RUN_LIST_LIMIT = 500;

export async function putUploadPart(deps: AppDeps, uploadId: string, body: Api.AccountMapUploadPartRequest): Promise<Outcome<Api.AccountMapUploadReceipt>> {
  if (!/^[A-Za-z0-9-]{8,64}$/.test(uploadId)) return invalid([{ path: 'uploadId', message: 'must be 8 to 64 letters, digits or dashes' }]);
  if (body.part >= body.parts) return invalid([{ path: 'part', message: `must be below parts (${body.parts})` }]);
  const width = body.header.length;
  const wide = body.rows.findIndex((r) => r.length > width);
  if (wide >= 0) return invalid([{ path: `rows[${wide}]`, message: `has ${body.rows[wide]!.length} cells; the header has ${width}` }]);
  const receipt = await deps.store.accountMaps.putUploadPart(uploadId, body);
  return ok({ uploadId, ...receipt });
}

export async function runAccountMap(deps: AppDeps, body: Api.RunAccountMapRequest, actor: Actor): Promise<Outcome<Api.AccountMapRunResult>> {
  const parts = await deps.store.accountMaps.uploadParts(body.uploadId);
  const expected = parts[0]?.parts ?? 0;
  if (parts.length === 0) return notFound(`upload ${body.uploadId} not found (send the list's parts first)`);
  if (parts.length !== expected || parts.some((p, i) => p.part !== i || p.parts !== expected)) {
    return invalid([{ path: 'uploadId', message: `the upload has ${parts.length} of ${expected} parts; send the missing ones and run again` }]);
  }
  const header = parts[0]!.header;
  const differing = parts.findIndex((p) => p.header.length !== header.length || p.header.some((h, i) => h !== header[i]));
  if (differing >= 0) return invalid([{ path: 'uploadId', message: `part ${differing} has a different header from part 0` }]);
  const columns = recogniseColumns(header, THEIR_COLUMN_NAMES);
  if (!columns.ok) return invalid(columns.errors);
  const c = columns.value;
  if (c.domain === undefined) {
    const hint = c.domain_hmac !== undefined ? 'a hashed list (domain_hmac) needs the shared key: map it with `cosell map --key`' : `no domain column (looked for ${THEIR_COLUMN_NAMES.domain.map((n) => `"${n}"`).join(', ')})`;
    return invalid([{ path: 'header', message: hint }]);
  }
  let icp: Icp | undefined;
  if (body.icp) {
    const parsed = parseIcp(body.icp, 'icp');
    if (!parsed.ok) return invalid(parsed.errors);
    icp = parsed.value;
  }
  if ((await deps.store.companyIndex.count()) === 0) return conflict('the company index is empty: the nightly reconcile fills it from HubSpot; try again after it ran');
  const partnerRow = (await deps.store.companyIndex.get([body.partnerId]))[0];
  const partnerName = partnerRow?.name ?? (await deps.gateway.readCompanySummaries([body.partnerId])).get(body.partnerId)?.name;
  if (partnerName === undefined) return notFound(`partner company ${body.partnerId} not found`);

  const previous = await previousMapOf(deps.store, body.partnerId);
  const builder = createAccountMapBuilder({ ...(icp ? { icp } : {}), ...(previous ? { previous: previous.previous } : {}) });
  const cell = (row: string[], index: number | undefined) => (index === undefined ? null : (row[index] ?? null));
  for (const part of parts) {
    part.rows.forEach((row, i) => {
      builder.addTheirs({
        row: part.firstRow + i,
        domain: cell(row, c.domain),
        name: cell(row, c.name),
        status: cell(row, c.status),
        industry: cell(row, c.industry),
        employees: cell(row, c.employees),
        country: cell(row, c.country),
      });
    });
  }
  await streamIndexedCompanies(deps.store.companyIndex, builder);
  const map = builder.finish();
  let savedMapId: string | null = null;
  if (body.save) {
    const saved = await saveAccountMap(deps, { partnerId: body.partnerId, map, hashed: false, by: actor.userId, previous: previous?.header ?? null });
    savedMapId = saved.map.id;
  }
  await deps.store.accountMaps.deleteUpload(body.uploadId);
  return ok(toResult(map, { companyId: body.partnerId, name: partnerName }, previous?.header.createdAt ?? null, savedMapId));
}

function toResult(map: AccountMap, partner: { companyId: string; name: string }, previousMappedAt: string | null, savedMapId: string | null): Api.AccountMapRunResult {
  const newCounts = Object.fromEntries([...MATCH_CATEGORIES, 'whitespace'].map((k) => [k, 0])) as Record<MatchCategory | 'whitespace', number>;
  for (const m of map.matches) if (m.isNew) newCounts[m.category] += 1;
  for (const w of map.whitespace) if (w.isNew) newCounts.whitespace += 1;
  const name = (id: string) => map.ourNames.get(id) ?? 'a company without a name';
  const cut = <T>(list: T[]) => list.slice(0, RUN_LIST_LIMIT);
  return {
    partner,
    previousMappedAt,
    savedMapId,
    summary: map.summary,
    newCounts,
    matches: cut(map.matches).map((m) => ({ category: m.category, domain: m.domain, ours: m.ours.map((id) => ({ companyId: id, name: name(id) })), theirRows: m.theirRows, isNew: m.isNew })),
    whitespace: cut(map.whitespace),
    gone: cut(map.gone).map((g) => ({ category: g.category, domain: g.domain })),
    rejected: cut(map.rejected),
    truncated: [map.matches, map.whitespace, map.gone, map.rejected].some((l) => l.length > RUN_LIST_LIMIT),
  };
}
