import { Client } from '@hubspot/api-client';
import { startEmulator } from '../../src/emulator';
import type { EmulatorHandle, EmulatorOptions } from '../../src/emulator';

/** The official SDK pointed at the emulator: only basePath differs from production use. */
export function sdkFor(hs: EmulatorHandle, accessToken = hs.accessToken): Client {
  return new Client({ accessToken, basePath: hs.baseUrl });
}

export async function emulatorWithClient(opts: EmulatorOptions = {}) {
  const hs = await startEmulator(opts);
  return { hs, client: sdkFor(hs) };
}

/** Awaits a promise that must reject with an SDK ApiException and returns its code and body. */
export async function apiError(p: Promise<unknown>): Promise<{ code: number; body: Record<string, unknown>; headers: Record<string, string> }> {
  try {
    await p;
  } catch (e) {
    const err = e as { code?: number; body?: unknown; headers?: Record<string, string> };
    if (typeof err.code !== 'number') throw e;
    const body = typeof err.body === 'string' ? (JSON.parse(err.body) as Record<string, unknown>) : (err.body as Record<string, unknown>);
    return { code: err.code, body, headers: err.headers ?? {} };
  }
  throw new Error('expected the call to fail');
}

export const AssociationCategory = {
  HubspotDefined: 'HUBSPOT_DEFINED',
  UserDefined: 'USER_DEFINED',
} as const;
