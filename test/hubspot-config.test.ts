import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// hubspot.config.yml is the HubSpot CLI's account file; real ones carry personalAccessKey and
// cached tokens (docs/hubspot.md §1.5). The committed copy must never carry one.
const secretPatterns: Array<[string, RegExp]> = [
  ['personalAccessKey', /personalAccessKey\s*:/i],
  ['accessToken', /accessToken\s*:/i],
  ['refreshToken', /refreshToken\s*:/i],
  ['apiKey', /apiKey\s*:/i],
  ['clientSecret', /clientSecret\s*:/i],
  ['a pat- token', /pat-[a-z0-9]{2,}-[0-9a-f-]{8,}/i],
  ['a long opaque secret', /[A-Za-z0-9+/_-]{32,}/],
];

describe('hubspot.config.yml', () => {
  const text = readFileSync(new URL('../hubspot.config.yml', import.meta.url), 'utf8');
  for (const [name, pattern] of secretPatterns) {
    it(`holds no ${name}`, () => {
      expect(text).not.toMatch(pattern);
    });
  }
  it('the guard catches a leaked key (so the check can fail)', () => {
    const leaked = `${text}\n    personalAccessKey: CiRuYTEtZjBhNi1iM2E0LTQ1NjctODlhYi1jZGVmMDEyMzQ1Njc\n`;
    expect(secretPatterns.some(([, p]) => p.test(leaked))).toBe(true);
  });
});
