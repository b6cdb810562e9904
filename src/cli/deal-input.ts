import { z } from 'zod';
import { ATTRIBUTION_MODELS, PARTNER_TYPES } from '../domain/index';

/** The pieces of a deal that the offline commands (`attribute`, `payouts simulate`) read the same way. */

/** A HubSpot id as JSON gives it: a string, or a whole number turned into one. */
export const idInput = z.union([z.string(), z.number().int()], { error: 'must be a string' }).transform(String);

/** The co-sell model a deal states, if any. */
export const modelInput = z.enum(ATTRIBUTION_MODELS, { error: `must be one of ${ATTRIBUTION_MODELS.join(', ')}` }).nullable().optional();

/** The partners on a deal and the roles each holds; an absent list is no partner. */
export const partnersInput = z
  .array(
    z.strictObject({
      id: idInput,
      name: z.string({ error: 'must be a string' }).optional(),
      type: z.enum(PARTNER_TYPES, { error: `must be one of ${PARTNER_TYPES.join(', ')}` }).nullable().optional(),
      roles: z.array(z.string({ error: 'must be a role name' }), { error: 'must be a list of roles' }).default([]),
    }),
    { error: 'must be a list of partners' },
  )
  .default([]);
