// Account mapping's job payloads (validated by the worker before a handler runs), in a leaf file so
// the code that enqueues them (scheduler, CLI, worker follow-ups) never imports the handlers.
import { z } from 'zod';

const companyId = z.string().regex(/^\d{1,20}$/, 'must be a numeric HubSpot id');

/** Re-read these companies from HubSpot into the company index (absent ones are removed). */
export const indexCompaniesJobSchema = z.object({ type: z.literal('account-mapping.index-companies'), companyIds: z.array(companyId).min(1) });
export type IndexCompaniesJob = z.infer<typeof indexCompaniesJobSchema>;

/** List every company of the portal into the index and drop what was not seen (nightly). */
export const reconcileCompanyIndexJobSchema = z.object({ type: z.literal('account-mapping.reconcile-index') });
export type ReconcileCompanyIndexJob = z.infer<typeof reconcileCompanyIndexJobSchema>;

/** Write the overlap properties of the companies in a saved map (and in the partner's previous one). */
export const writeBackJobSchema = z.object({ type: z.literal('account-mapping.write-back'), mapId: z.string().regex(/^\d+$/), previousMapId: z.string().regex(/^\d+$/).nullable() });
export type WriteBackJob = z.infer<typeof writeBackJobSchema>;

/** Create a HubSpot task for each partner whose latest map is older than 90 days (once per map). */
export const mapRemindersJobSchema = z.object({ type: z.literal('account-mapping.map-reminders') });
export type MapRemindersJob = z.infer<typeof mapRemindersJobSchema>;
