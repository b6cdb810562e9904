import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { statementHtml } from '../../src/domain/payouts';
import { createPayoutRun, runStatements } from '../../src/features/payouts/payouts-service';
import { launchChromium } from './launch-chromium';
import type { LaunchedChromium } from './launch-chromium';
import { startPreviewStack } from './start-preview-stack';
import type { PreviewStack } from './start-preview-stack';

// The newer features (disputes, pairings, payout statements) driven through the local preview in
// Chromium, against the real backend and the emulator's demo portal.

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const committed = path.join(root, 'docs/screenshots');
/** This file's screenshots; preview.test.ts checks its own list. */
const FEATURE_SHOTS = ['payout-statement.png', 'payouts-tab.png'];
const updating = process.env.UPDATE_SCREENSHOTS === '1';
const screenshots = updating ? committed : path.join(root, 'test-results/screenshots');
const startedAt = Date.now();
const fingerprint = (file: string) =>
  existsSync(file) ? `${statSync(file).mtimeMs}:${createHash('sha256').update(readFileSync(file)).digest('hex')}` : 'missing';
const committedBefore = Object.fromEntries(FEATURE_SHOTS.map((name) => [name, fingerprint(path.join(committed, name))]));

let stack: PreviewStack;
let browser: LaunchedChromium;
let page: Page;
let deals: { id: string; name: string; stage: string | null }[];

beforeAll(async () => {
  mkdirSync(screenshots, { recursive: true });
  stack = await startPreviewStack();
  deals = (await (await fetch(`${stack.previewUrl}api/deals`, { headers: { 'x-cosell-preview-token': stack.previewToken } })).json()) as typeof deals;
  browser = await launchChromium();
  page = browser.page;
});

afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

const dealId = (name: string, stage?: string) => {
  const deal = deals.find((d) => d.name === name && (stage === undefined || d.stage === stage));
  if (!deal) throw new Error(`demo deal "${name}" not found`);
  return deal.id;
};

async function openDeal(id: string) {
  await page.goto(stack.previewUrl);
  await page.getByTestId('nav-deal').click();
  await page.getByTestId('deal-picker').selectOption(id);
  const name = deals.find((d) => d.id === id)!.name;
  await page.getByTestId('extension-frame').getByText(name, { exact: true }).waitFor();
  await page.getByRole('heading', { name: 'Partners and roles' }).waitFor();
}

async function openSettingsTab(title: string) {
  await page.goto(stack.previewUrl);
  await page.getByTestId('nav-settings').click();
  await page.getByRole('tab', { name: title, exact: true }).click();
}

/** The input inside the field whose label reads `label` (the preview wraps each field in a <label>). */
const field = (label: string) => page.locator('label.hs-field', { has: page.locator('.hs-field__label', { hasText: label }) }).locator('input, textarea, select').first();

describe('disputes, pairings and payout statements in Chromium', () => {
  it('opens a dispute from the deal card, decides it in settings, and the card shows the decision', async () => {
    const initech = dealId('Initech — Services 2026', 'contractsent');
    const reason = 'DataFuse ran the proof of concept; technical validation deserves a larger share';
    await openDeal(initech);
    // A touchpoint on the deal, so the dispute has evidence to show beside it.
    await page.getByRole('tab', { name: 'Touchpoints' }).click();
    await page.locator('select[name="touchpoint-partner"]').selectOption({ label: 'DataFuse' });
    await page.locator('select[name="touchpoint-kind"]').selectOption('demo');
    await page.locator('input[name="touchpoint-date"]').fill('2026-11-18');
    await page.locator('textarea[name="touchpoint-summary"]').fill('Proof of concept with the data team');
    await page.getByTestId('log-touchpoint').click();
    await page.getByTestId('touchpoints-table').getByText('Proof of concept with the data team').waitFor();

    await page.getByRole('tab', { name: 'Disputes' }).click();
    await page.getByText('No disputes', { exact: true }).waitFor();
    await page.locator('textarea[name="dispute-reason"]').fill(reason);
    await page.locator('input[name="dispute-claim"]').check();
    await field('Bluepeak Channel (%)').fill('40');
    await field('DataFuse (%)').fill('50');
    // 40 + 50 is not 100: the form says so and keeps the button off.
    await expect.poll(() => page.getByTestId('claim-total').innerText()).toContain('add up to 90 %');
    expect(await page.getByTestId('open-dispute').isDisabled()).toBe(true);
    await field('DataFuse (%)').fill('60');
    await page.getByTestId('claim-total').waitFor({ state: 'detached' });
    await page.getByTestId('open-dispute').click();
    const onCard = page.getByTestId('deal-disputes');
    await onCard.getByText(reason).waitFor();
    expect(await onCard.innerText()).toContain('Opened by Ana Lopez');
    expect(await onCard.innerText()).toMatch(/Claimed split: .*Bluepeak Channel.*40.*DataFuse.*60|Claimed split: .*DataFuse.*60.*Bluepeak Channel.*40/);

    await openSettingsTab('Disputes');
    const entry = page.locator('[data-testid^="dispute-"]', { hasText: reason }).first();
    await entry.waitFor();
    expect(await entry.innerText()).toContain('Initech — Services 2026');
    expect(await entry.innerText()).toContain('opened by Ana Lopez');
    await entry.getByRole('button', { name: 'Review and decide' }).click();
    const evidence = entry.getByTestId('dispute-evidence');
    await evidence.getByText('Touchpoints', { exact: true }).waitFor();
    await evidence.getByText('Registration', { exact: true }).waitFor();
    await evidence.getByText('2026-11-18 · DataFuse · Demo: Proof of concept with the data team').waitFor();
    expect(await evidence.innerText()).toMatch(/Registered by [A-Z][a-z]+ [A-Z][a-z]+ on \d{4}-\d{2}-\d{2}|The deal was never registered\./);
    await entry.locator('select[name^="decision-"]').selectOption('rejected');
    const note = 'The registration names Bluepeak as the selling partner; the split stands.';
    // A decision without a note cannot be recorded.
    expect(await entry.getByRole('button', { name: 'Decide' }).isDisabled()).toBe(true);
    await entry.locator('textarea[name^="note-"]').fill(note);
    await entry.getByRole('button', { name: 'Decide' }).click();
    await expect.poll(() => entry.innerText(), { timeout: 20_000 }).toContain(`Rejected by Ana Lopez`);
    expect(await entry.innerText()).toContain(note);

    await openDeal(initech);
    await page.getByRole('tab', { name: 'Disputes' }).click();
    const decision = page.locator('[data-testid^="dispute-decision-"]');
    await decision.waitFor();
    expect(await decision.innerText()).toMatch(/^Rejected by Ana Lopez on \d{4}-\d{2}-\d{2}: /);
    expect(await decision.innerText()).toContain(note);
    expect(await page.getByTestId('deal-disputes').innerText()).toContain('Rejected');
  });

  it('warns before pairing two resellers, lists the pairing with its progress, and does not warn for reseller + technology', async () => {
    await openSettingsTab('Pairings');
    await page.getByRole('heading', { name: 'Start a pairing' }).waitFor();
    const partner = (name: string) => page.locator('label.hs-checkbox', { hasText: name }).locator('input[name="pairing-partners"]');
    await partner('Northwind Resellers (Reseller)').check();
    await partner('Bluepeak Channel (Reseller)').check();
    await page.getByTestId('pairing-check').click();
    const warning = page.getByTestId('pairing-warning-same_partner_type');
    await warning.waitFor();
    expect(await warning.innerText()).toContain('Northwind Resellers');
    expect(await warning.innerText()).toContain('Bluepeak Channel');
    expect(await warning.innerText()).toContain('same type');
    expect(await page.getByTestId('pairing-confirm').innerText()).toBe('Start anyway');
    await page.getByTestId('pairing-confirm').click();

    const table = page.getByTestId('pairings-table');
    const row = table.locator('tbody tr', { hasText: 'Northwind Resellers + Bluepeak Channel' });
    await row.waitFor();
    const cells = row.locator('td');
    expect(await cells.nth(1).innerText()).toBe('Sell with');
    // Started today (the form's default start date), which is the pairing's day 1.
    expect(await cells.nth(2).innerText()).toBe(`${new Date().toISOString().slice(0, 10)} (day 1)`);
    expect(await cells.nth(3).innerText()).toBe('0 of 5');
    expect(await cells.nth(4).innerText()).toMatch(/^\d+ \(target \d+–\d+ by day \d+\)$/);
    expect(await cells.nth(7).innerText()).toContain('active');

    await partner('Vertex Distribution (Reseller)').check();
    await partner('Stackly (Technology partner)').check();
    await page.getByTestId('pairing-check').click();
    await page.getByTestId('pairing-no-warnings').waitFor();
    expect(await page.getByTestId('pairing-no-warnings').innerText()).toContain('Vertex Distribution + Stackly look complementary.');
    expect(await page.getByTestId('pairing-warning-same_partner_type').count()).toBe(0);
    expect(await page.getByTestId('pairing-confirm').innerText()).toBe('Start pairing');
    await page.getByTestId('pairing-confirm').click();
    await table.locator('tbody tr', { hasText: 'Vertex Distribution + Stackly' }).waitFor();
    expect(await table.locator('tbody tr').count()).toBe(2);
  });

  it("prints a partner's payout statement to PDF with the partner, every line and the total", async () => {
    // Approve the won deals' open commission lines in the Payouts tab, as partner ops would.
    await openSettingsTab('Payouts');
    const lines = page.getByTestId('payout-lines');
    await lines.waitFor();
    expect(await lines.locator('tbody tr').count()).toBeGreaterThan(0);
    expect(await lines.innerText()).not.toMatch(/company \d|deal \d/);
    await page.screenshot({ path: path.join(screenshots, 'payouts-tab.png'), fullPage: true });
    await page.getByTestId('approve-all').click();
    await page.getByText('No open commission lines').waitFor({ timeout: 20_000 });

    // The run and the statement through the code the CLI's `payouts run` / `payouts statement` use, on the stack's store.
    const store = stack.service.deps.store;
    const now = new Date();
    const period = `${now.getUTCFullYear()}-${String(now.getUTCMonth() + 1).padStart(2, '0')}`;
    const run = await createPayoutRun(store, { period, by: 'browser test', dryRun: false, now });
    if (!run.ok) throw new Error(`payout run failed: ${JSON.stringify(run)}`);
    expect(run.value.runId).not.toBeNull();
    const biggest = [...run.value.statements].sort((a, b) => b.lines.length - a.lines.length)[0]!;
    const statements = await runStatements(store, run.value.runId!, biggest.partnerId);
    if (!statements.ok) throw new Error(`statement failed: ${JSON.stringify(statements)}`);
    const statement = statements.value.find((s) => s.currency === biggest.currency)!;
    expect(statement.lines.length).toBeGreaterThan(0);

    const printed = await browser.context.newPage();
    try {
      await printed.setContent(statementHtml(statement), { waitUntil: 'load' });
      await printed.emulateMedia({ media: 'print' });
      const text = await printed.locator('body').innerText();
      expect(text).toContain(`Payout statement: ${statement.partnerName}`);
      expect(statement.partnerName).not.toMatch(/^company \d/);
      const rows = printed.locator('tbody tr:not(.why)');
      expect(await rows.count()).toBe(statement.lines.length);
      for (const [i, line] of statement.lines.entries()) {
        const row = await rows.nth(i).innerText();
        expect(row).toContain(line.dealName);
        expect(row).toContain(line.amount);
        expect(line.dealName).not.toMatch(/^deal \d/);
      }
      expect(text).toContain(`Total: ${statement.total} ${statement.currency}`);
      await printed.screenshot({ path: path.join(screenshots, 'payout-statement.png'), fullPage: true });

      const pdf = await printed.pdf({ format: 'A4', printBackground: true });
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      // Chromium writes the page objects uncompressed: count them, and check the page tree's /Count agrees.
      const raw = pdf.toString('latin1');
      const pages = raw.match(/\/Type\s*\/Page(?!s)\b/g) ?? [];
      expect(pages.length).toBeGreaterThanOrEqual(1);
      expect(Number(/\/Type\s*\/Pages\s*\/Count (\d+)/.exec(raw)?.[1])).toBe(pages.length);
      expect(raw.trimEnd().endsWith('%%EOF')).toBe(true);
    } finally {
      await printed.close();
    }
  });
});

describe('feature screenshots', () => {
  it(updating ? 'refresh docs/screenshots (UPDATE_SCREENSHOTS=1)' : 'go to test-results/screenshots and leave docs/screenshots alone', () => {
    for (const name of FEATURE_SHOTS) {
      const written = path.join(screenshots, name);
      expect(existsSync(written), written).toBe(true);
      expect(statSync(written).mtimeMs, written).toBeGreaterThanOrEqual(startedAt - 1000);
      if (updating) expect(written).toBe(path.join(committed, name));
      else expect(fingerprint(path.join(committed, name)), name).toBe(committedBefore[name]);
    }
  });
});
