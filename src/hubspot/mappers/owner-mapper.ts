/** Owners: HubSpot's public owner → the app's Owner (id, user id when there is one, email, names; missing names are empty). */
import { z } from 'zod';
import type { Result } from '../../domain';
import type { Owner } from '../crm-gateway';

const ownerSchema = z.object({
  id: z.string().min(1),
  userId: z.number().int().nullish(),
  email: z.string().nullish(),
  firstName: z.string().nullish(),
  lastName: z.string().nullish(),
});

export function parseOwner(raw: unknown, index: number): Result<Owner> {
  const parsed = ownerSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { ok: false, errors: [{ path: `owners[${index}].${issue.path.map(String).join('.')}`, message: issue.message }] };
  }
  const o = parsed.data;
  return { ok: true, value: { id: o.id, ...(o.userId != null ? { userId: String(o.userId) } : {}), email: o.email ?? '', firstName: o.firstName ?? '', lastName: o.lastName ?? '' } };
}
