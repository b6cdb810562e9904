import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createFakeHubspotFetch } from '@cosell/card-test-support';
import { createHubspotFetcher } from './hubspot-fetcher';

const context = { user: { id: 77, teams: [{ id: 5 }, { id: 9 }] }, portal: { id: 123 } };
const Answer = z.object({ value: z.number() });

describe('createHubspotFetcher', () => {
  it('calls backend + path with portalId, userId and teamIds, and parses the answer with the schema', async () => {
    const backend = createFakeHubspotFetch(() => ({ status: 200, body: { value: 3 } }));
    const fetcher = createHubspotFetcher(backend.fetch, 'https://cosell.example.com/', context);
    const result = await fetcher.request('PUT', '/api/v1/deals/1/plan', Answer, { body: { a: 1 } });
    expect(result).toEqual({ ok: true, data: { value: 3 } });
    expect(backend.calls).toEqual([
      { method: 'PUT', path: '/api/v1/deals/1/plan', query: { portalId: '123', userId: '77', teamIds: '5,9' }, body: { a: 1 } },
    ]);
  });

  it('leaves teamIds out when the user has no team', async () => {
    const backend = createFakeHubspotFetch(() => ({ status: 200, body: { value: 1 } }));
    await createHubspotFetcher(backend.fetch, 'https://b.test', { user: { id: 1, teams: [] }, portal: { id: 2 } }).request('GET', '/x', Answer);
    expect(backend.calls[0]?.query).toEqual({ portalId: '2', userId: '1' });
  });

  it("returns the backend's error body with its fields and the status", async () => {
    const error = { code: 'invalid_request', message: 'bad partners', fields: [{ path: 'partners[0].roles[0]', message: 'unknown role' }] };
    const backend = createFakeHubspotFetch(() => ({ status: 400, body: { error } }));
    const result = await createHubspotFetcher(backend.fetch, 'https://b.test', context).request('GET', '/x', Answer);
    expect(result).toEqual({ ok: false, error: { ...error, status: 400 } });
  });

  it('turns an answer that breaks the contract into an error naming the field', async () => {
    const backend = createFakeHubspotFetch(() => ({ status: 200, body: { value: 'three' } }));
    const result = await createHubspotFetcher(backend.fetch, 'https://b.test', context).request('GET', '/x', Answer);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('bad_response');
      expect(result.error.message).toContain('value');
    }
  });

  it('turns a network failure into a result, not a throw', async () => {
    const fetcher = createHubspotFetcher(async () => Promise.reject(new Error('timeout')), 'https://b.test', context);
    const result = await fetcher.request('GET', '/x', Answer);
    expect(result).toEqual({ ok: false, error: { code: 'network', message: 'Could not reach the co-sell service (timeout).' } });
  });

  it('says so when the BACKEND_URL profile variable is missing, without calling anything', async () => {
    const backend = createFakeHubspotFetch(() => ({ status: 200, body: { value: 1 } }));
    const result = await createHubspotFetcher(backend.fetch, '', context).request('GET', '/x', Answer);
    expect(result.ok ? null : result.error.code).toBe('not_configured');
    expect(backend.calls).toEqual([]);
  });
});
