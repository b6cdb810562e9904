import { describe, expect, it } from 'vitest';
import { DEFAULT_NOTIFICATION_SETTINGS, parseNotificationSettings, stageNotifies, webhookFor } from './notification-settings';

describe('parseNotificationSettings', () => {
  it('gives the defaults when nothing is stored', () => {
    expect(parseNotificationSettings(null)).toEqual({ ok: true, value: DEFAULT_NOTIFICATION_SETTINGS });
    expect(parseNotificationSettings(undefined)).toEqual({ ok: true, value: DEFAULT_NOTIFICATION_SETTINGS });
  });

  it('fills missing fields with defaults', () => {
    const r = parseNotificationSettings({ kind: 'note' });
    expect(r).toEqual({ ok: true, value: { ...DEFAULT_NOTIFICATION_SETTINGS, kind: 'note' } });
  });

  it.each([
    [{ kind: 'email' }, 'kind'],
    [{ partnerOps: { ownerId: 'pat' } }, 'partnerOps.ownerId'],
    [{ webhooks: [{ partnerId: '7', url: 'http://partner.example/hook', secret: 'x'.repeat(20) }] }, 'webhooks[0].url'],
    [{ webhooks: [{ partnerId: '7', url: 'https://10.0.0.8/hook', secret: 'x'.repeat(20) }] }, 'webhooks[0].url'],
    [{ webhooks: [{ partnerId: '7', url: 'https://partner.example/hook', secret: 'short' }] }, 'webhooks[0].secret'],
    [{ stages: 'some' }, 'stages'],
    [{ colour: 'red' }, 'colour'],
  ])('names the field at fault: %j → %s', (value, path) => {
    const r = parseNotificationSettings(value, '');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map((e) => e.path)).toContain(path);
  });

  it('refuses two webhooks for one partner', () => {
    const hook = { partnerId: '7', url: 'https://partner.example/hook', secret: 'x'.repeat(20) };
    const r = parseNotificationSettings({ webhooks: [hook, hook] });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]).toEqual({ path: 'webhooks[1].partnerId', message: 'this partner already has a webhook' });
  });

  it('decides which stages notify and finds a partner webhook', () => {
    const all = parseNotificationSettings({});
    const some = parseNotificationSettings({ stages: ['contractsent'], webhooks: [{ partnerId: '7', url: 'https://partner.example/hook', secret: 'x'.repeat(20) }] });
    if (!all.ok || !some.ok) throw new Error('valid settings refused');
    expect(stageNotifies(all.value, 'closedwon')).toBe(true);
    expect(stageNotifies(some.value, 'closedwon')).toBe(false);
    expect(stageNotifies(some.value, 'contractsent')).toBe(true);
    expect(webhookFor(some.value, '7')?.url).toBe('https://partner.example/hook');
    expect(webhookFor(some.value, '8')).toBeUndefined();
  });
});
