/**
 * The `@hubspot/api-client` objects the app uses, built once per gateway/provisioner.
 *
 * The SDK applies its decorators (retry, Bottleneck) from a process-wide singleton at the moment
 * each API object is built (docs/hubspot.md §6). `new Client` with retries 0 and no limiter
 * sets that list to empty, and building every API right here, synchronously, pins "no SDK
 * decorators" for these objects even if another Client in the process is configured otherwise.
 * Pacing and retries are ours (create-hubspot-caller.ts).
 */
import { Client } from '@hubspot/api-client';
import type { SdkCallOptions } from './create-hubspot-caller';

export const DEFAULT_HUBSPOT_BASE_URL = 'https://api.hubapi.com';

export function createHubSpotSdk(opts: { accessToken: string; basePath?: string }) {
  const basePath = opts.basePath ? opts.basePath.replace(/\/+$/, '') : undefined;
  const client = new Client({ accessToken: opts.accessToken, numberOfApiCallRetries: 0, ...(basePath ? { basePath } : {}) });
  return {
    deals: client.crm.deals,
    companies: client.crm.companies,
    associations: client.crm.associations.v4,
    labels: client.crm.associations.v4.schema.definitionsApi,
    pipelines: client.crm.pipelines.pipelinesApi,
    owners: client.crm.owners.ownersApi,
    notes: client.crm.objects.notes.basicApi,
    tasks: client.crm.objects.tasks.basicApi,
    properties: client.crm.properties.coreApi,
    propertyGroups: client.crm.properties.groupsApi,
  };
}

/** Vendor option types differ per generated module but are structurally the same. */
export const sdkOptions = (options: SdkCallOptions) => options as never;
