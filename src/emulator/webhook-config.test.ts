import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseWebhooksComponent, readWebhookConfig } from './webhook-config';
import { DEFAULT_WEBHOOKS_CONFIG_PATH } from './index';

const component = (targetUrl: string, extra: Record<string, unknown> = {}) => ({
  uid: 'w',
  type: 'webhooks',
  config: {
    settings: { targetUrl, maxConcurrentRequests: 7 },
    subscriptions: {
      legacyCrmObjects: [
        { subscriptionType: 'deal.propertyChange', propertyName: 'amount', active: true },
        { subscriptionType: 'deal.creation', active: false },
      ],
      crmObjects: [{ subscriptionType: 'object.deletion', objectType: 'company', active: true }],
      ...extra,
    },
  },
});

describe('parseWebhooksComponent', () => {
  it('keeps active subscriptions, legacy and generic, with stable ids', () => {
    const r = parseWebhooksComponent(component('https://x.test/hook'), {});
    expect(r).toEqual({
      ok: true,
      settings: {
        targetUrl: 'https://x.test/hook',
        maxConcurrentRequests: 7,
        subscriptions: [
          { id: 4_000_000, objectType: 'deal', event: 'propertyChange', propertyName: 'amount', subscriptionType: 'deal.propertyChange', generic: false },
          { id: 4_000_001, objectType: 'company', event: 'deletion', subscriptionType: 'object.deletion', generic: true },
        ],
      },
    });
  });

  it.each([
    ['a profile variable', '${BACKEND_URL}/webhooks/hubspot', { BACKEND_URL: 'http://localhost:3000' }, undefined, 'http://localhost:3000/webhooks/hubspot'],
    ['an unresolved variable (no target)', '${BACKEND_URL}/webhooks/hubspot', {}, undefined, undefined],
    ['the override, which wins', '${BACKEND_URL}/x', { BACKEND_URL: 'http://a' }, 'http://override/hook', 'http://override/hook'],
  ])('resolves targetUrl from %s', (_n, target, vars, override, expected) => {
    const r = parseWebhooksComponent(component(target), vars, override);
    expect(r.ok && r.settings.targetUrl).toBe(expected ?? undefined);
  });

  it('names the field of an invalid component', () => {
    const bad = component('x', { legacyCrmObjects: [{ subscriptionType: 'dealPropertyChange' }] });
    const r = parseWebhooksComponent(bad, {});
    expect(r).toEqual({ ok: false, error: expect.stringContaining('config.subscriptions.legacyCrmObjects.0.subscriptionType') });
    expect(parseWebhooksComponent({ ...component('x'), type: 'card' }, {})).toMatchObject({ ok: false, error: expect.stringContaining('type') });
  });
});

describe('readWebhookConfig on the app component', () => {
  it('reads extensions/app/webhooks/webhooks-hsmeta.json and resolves BACKEND_URL from hsprofile.local.json', () => {
    const profile = JSON.parse(readFileSync(new URL('../../extensions/hsprofile.local.json', import.meta.url), 'utf8')) as { variables: { BACKEND_URL: string } };
    const r = readWebhookConfig(DEFAULT_WEBHOOKS_CONFIG_PATH);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.settings.targetUrl).toBe(`${profile.variables.BACKEND_URL}/webhooks/hubspot`);
    expect(r.settings.subscriptions.length).toBeGreaterThanOrEqual(11);
  });

  it('reports a missing file instead of throwing', () => {
    expect(readWebhookConfig('/nonexistent/webhooks-hsmeta.json')).toEqual({ ok: false, error: expect.stringContaining('not found') });
  });
});
