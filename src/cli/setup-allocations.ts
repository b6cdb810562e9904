import { createCrmGateway } from '../hubspot';
import { formatAllocationObjectSetup, setUpAllocationObject } from '../features/reporting/allocation-object-setup';
import type { CliIo } from './io';
import { cliActor, openLedgerStore } from './ledger-store';

/**
 * `cosell setup --allocations-object [--apply] [--json]`: 0 done or nothing to do, 1 HubSpot refused
 * (403: not Enterprise or a missing scope) or the store could not be opened.
 */
export async function runAllocationObjectSetup(io: CliIo, opts: { baseUrl: string; accessToken: string; apply: boolean; json: boolean }): Promise<number> {
  const gateway = createCrmGateway({ accessToken: opts.accessToken, basePath: opts.baseUrl, maxAttempts: 2 });
  const objects = gateway.customObjects!;
  let store: Awaited<ReturnType<typeof openLedgerStore>> | undefined;
  if (opts.apply) {
    store = await openLedgerStore(io, 'cosell setup');
    if ('exitCode' in store) return store.exitCode;
  }
  try {
    const outcome = await setUpAllocationObject(objects, { apply: opts.apply, ...(store && 'store' in store ? { store: store.store } : {}), actor: cliActor(io) });
    if (!outcome.ok) {
      io.stderr.write(`cosell setup: ${outcome.message}\n`);
      return 1;
    }
    io.stdout.write(opts.json ? `${JSON.stringify({ baseUrl: opts.baseUrl, applied: opts.apply, ...outcome.value })}\n` : formatAllocationObjectSetup(outcome.value, opts.apply));
    return 0;
  } catch (error) {
    io.stderr.write(`cosell setup: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  } finally {
    if (store && 'store' in store) await store.store.close();
  }
}
