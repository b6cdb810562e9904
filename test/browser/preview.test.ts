import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPreviewStack } from './start-preview-stack';
import type { PreviewStack } from './start-preview-stack';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const committed = path.join(root, 'docs/screenshots');
const SHOTS = ['deal-card.png', 'settings.png', 'scorecard.png'];
// The committed screenshots change only on purpose; a plain run (CI) writes to the git-ignored
// test-results/ so it never leaves the tree dirty.
const updating = process.env.UPDATE_SCREENSHOTS === '1';
const screenshots = updating ? committed : path.join(root, 'test-results/screenshots');
const startedAt = Date.now();
/** What the committed screenshots looked like before this run: a plain run must not touch them. */
const fingerprint = (file: string) =>
  existsSync(file) ? `${statSync(file).mtimeMs}:${createHash('sha256').update(readFileSync(file)).digest('hex')}` : 'missing';
const committedBefore = Object.fromEntries(SHOTS.map((name) => [name, fingerprint(path.join(committed, name))]));

let stack: PreviewStack;
let context: BrowserContext;
let page: Page;
let userDataDir: string;
let deals: { id: string; name: string; stage: string | null }[];

beforeAll(async () => {
  mkdirSync(screenshots, { recursive: true });
  stack = await startPreviewStack();
  deals = (await (await fetch(`${stack.previewUrl}api/deals`, { headers: { 'x-cosell-preview-token': stack.previewToken } })).json()) as typeof deals;
  userDataDir = mkdtempSync(path.join(tmpdir(), 'cosell-chromium-'));
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(20_000);
});

afterAll(async () => {
  await context?.close();
  await stack?.close();
  if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
});

const dealId = (name: string, stage?: string) => {
  const deal = deals.find((d) => d.name === name && (stage === undefined || d.stage === stage));
  if (!deal) throw new Error(`demo deal "${name}" not found`);
  return deal.id;
};

/** Opens the deal card for a deal through the page's deal picker and waits until it has loaded. */
async function openDeal(id: string) {
  await page.goto(stack.previewUrl);
  await page.getByTestId('nav-deal').click();
  await page.getByTestId('deal-picker').selectOption(id);
  const name = deals.find((d) => d.id === id)!.name;
  await page.getByTestId('extension-frame').getByText(name, { exact: true }).waitFor();
  await page.getByRole('heading', { name: 'Partners and roles' }).waitFor();
}

/** The message the settings form shows under one field (the preview renders HubSpot's validationMessage there). */
const fieldMessage = (name: string) => page.locator('label.hs-field', { has: page.locator(`input[name="${name}"]`) }).locator('.hs-field__message');

const money = (text: string) => Number(text.replace(/[^\d.-]/g, ''));

async function splitAmounts(): Promise<Record<string, number>> {
  const rows = page.getByTestId('split-table').locator('tbody tr');
  const result: Record<string, number> = {};
  for (let i = 0; i < (await rows.count()); i += 1) {
    const cells = rows.nth(i).locator('td');
    result[(await cells.nth(0).innerText()).trim()] = money(await cells.nth(4).innerText());
  }
  return result;
}

async function addPartner(companyName: string, role: string) {
  const select = page.locator('select[name="new-partner"]');
  const value = await select.locator('option', { hasText: companyName }).first().getAttribute('value');
  await select.selectOption(value!);
  await page.locator(`input[name="new-partner-roles"][value="${role}"]`).check();
  await page.getByTestId('add-partner').click();
}

describe('local preview in Chromium', () => {
  it('assigns three partners to a demo deal and shows the updated split', async () => {
    await openDeal(dealId('Acme Corp — Platform 2026', 'appointmentscheduled'));
    await page.getByText('No partners on this deal yet').waitFor();
    await addPartner('Northwind Resellers', 'sourcing');
    await addPartner('Stackly', 'technical_validation');
    await addPartner('Bluepeak Channel', 'selling');
    // Before saving, the backend's preview already shows the split these partners would get.
    await page.getByTestId('split-unsaved').waitFor();
    await expect.poll(async () => Object.keys(await splitAmounts()).length, { timeout: 20_000 }).toBe(3);
    await page.getByTestId('save-partners').click();
    await page.getByTestId('split-unsaved').waitFor({ state: 'detached', timeout: 20_000 });

    await expect.poll(async () => Object.keys(await splitAmounts()).length, { timeout: 20_000 }).toBe(3);
    const amounts = await splitAmounts();
    expect(Object.keys(amounts).sort()).toEqual(['Bluepeak Channel', 'Northwind Resellers', 'Stackly']);
    // $5,000.50 at the 25% co-sell rate = $1,250.13 (rounded) shared 20:25:40 over 85 points.
    const pool = money(await page.getByTestId('split-table').locator('tfoot td').last().innerText());
    expect(pool).toBe(1250.13);
    expect(Math.round(Object.values(amounts).reduce((a, b) => a + b, 0) * 100)).toBe(Math.round(pool * 100));
    expect(amounts['Bluepeak Channel']).toBeGreaterThan(amounts['Stackly']!);
    expect(amounts['Stackly']).toBeGreaterThan(amounts['Northwind Resellers']!);
    expect(await page.locator('[data-testid^="explanation-line-"]').count()).toBeGreaterThan(3);
    await expect.poll(() => page.getByTestId('rule-version').innerText()).toMatch(/^Rules v/);
    // The first screen answers who is on the deal, in which role and what each earns: the split table
    // (partner, roles, commission) ends within the first 900 px of the card, above the tabs.
    const table = await page.getByTestId('split-table').boundingBox();
    const frame = await page.getByTestId('extension-frame').boundingBox();
    expect(table && frame).toBeTruthy();
    expect(table!.y + table!.height - frame!.y).toBeLessThan(900);
    const tabs = await page.getByRole('tablist').boundingBox();
    expect(tabs!.y).toBeGreaterThan(table!.y);

    // The labels really are in HubSpot (the emulator) now.
    const labels = stack.emulator.admin
      .getAssociations('deals', dealId('Acme Corp — Platform 2026', 'appointmentscheduled'), 'companies')
      .flatMap((a) => a.labels)
      .filter((label) => label.endsWith(' partner'))
      .sort();
    expect(labels).toEqual(['Selling partner', 'Sourcing partner', 'Technical validation partner']);

    await page.screenshot({ path: path.join(screenshots, 'deal-card.png'), fullPage: true });
  });

  it('logs a touchpoint and lists it', async () => {
    await openDeal(dealId('Acme Corp — Platform 2026', 'appointmentscheduled'));
    await page.getByRole('tab', { name: 'Touchpoints' }).click();
    const partner = page.locator('select[name="touchpoint-partner"]');
    await partner.selectOption({ label: 'Stackly' });
    await page.locator('select[name="touchpoint-kind"]').selectOption('demo');
    await page.locator('input[name="touchpoint-date"]').fill('2026-11-20');
    await page.locator('textarea[name="touchpoint-summary"]').fill('Ran the integration demo for the IT team');
    await page.getByTestId('log-touchpoint').click();
    const table = page.getByTestId('touchpoints-table');
    await table.getByText('Ran the integration demo for the IT team').waitFor();
    await expect.poll(() => table.locator('tbody tr').first().innerText()).toContain('2026-11-20');
    expect(await table.locator('tbody tr').first().innerText()).toContain('Stackly');
    // Logged by the preview's user, named from HubSpot's owners (the demo portal's first owner), not by id.
    expect(await table.locator('tbody tr').first().innerText()).toContain('Ana Lopez');
    // A reload shows it from the store, not just from the page's memory.
    await openDeal(dealId('Acme Corp — Platform 2026', 'appointmentscheduled'));
    await page.getByRole('tab', { name: 'Touchpoints' }).click();
    await page.getByTestId('touchpoints-table').getByText('Ran the integration demo for the IT team').waitFor();
  });

  it('refuses to publish a negative weight or a cleared rate, saying which field and why', async () => {
    await page.goto(stack.previewUrl);
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('weights-table').waitFor();
    expect(await page.getByTestId('publish').isDisabled()).toBe(false);

    // −10 is sent as typed (never dropped to 0): the field says why and Publish stays off.
    await page.locator('input[name="sell_with.influence"]').fill('-10');
    await expect.poll(() => fieldMessage('sell_with.influence').innerText()).toBe('must be between 0 and 100');
    expect(await page.getByTestId('publish').isDisabled()).toBe(true);
    await page.locator('input[name="sell_with.influence"]').fill('15');
    await expect.poll(() => fieldMessage('sell_with.influence').count()).toBe(0);
    await expect.poll(() => page.getByTestId('publish').isDisabled()).toBe(false);

    // A cleared rate is an error ("required"), not a 0% pool.
    await page.locator('input[name="coSellRate"]').fill('');
    await expect.poll(() => fieldMessage('coSellRate').innerText()).toBe('required');
    expect(await page.locator('input[name="coSellRate"]').inputValue()).toBe('');
    expect(await page.getByTestId('publish').isDisabled()).toBe(true);
    await page.getByTestId('validate').click();
    await expect.poll(() => page.getByTestId('form-errors').innerText()).toMatch(/Co-sell pool rate[^:]*: required/);
  });

  it("publishes a rule set and an open deal's split changes", async () => {
    const initech = dealId('Initech — Services 2026', 'contractsent');
    await openDeal(initech);
    await expect.poll(() => page.getByTestId('rule-version').innerText()).toBe('Rules v2026.1');
    const before = await splitAmounts();

    await page.getByTestId('nav-settings').click();
    await page.getByTestId('weights-table').waitFor();
    await page.locator('input[name="sell_with.selling"]').fill('50');
    await expect.poll(() => page.getByTestId('sum-sell_with').innerText()).toBe('Sum 110, must be 100');
    expect(await page.getByTestId('publish').isDisabled()).toBe(true);
    await page.locator('input[name="sell_with.influence"]').fill('5');
    await expect.poll(() => page.getByTestId('sum-sell_with').innerText()).toBe('Sum 100 ✓');
    await page.locator('input[name="effectiveFrom"]').fill('2026-02-01');
    expect(await page.locator('input[name="version"]').inputValue()).toBe('2026.2');
    await page.getByTestId('publish').click();
    await page.getByTestId('publish-confirmation').waitFor();
    // The confirmation carries the dry run: how many open deals change and each partner's change, by name.
    const preview = page.getByTestId('publish-preview');
    await expect.poll(() => preview.innerText(), { timeout: 20_000 }).toMatch(/\d+ of \d+ open partner deals? changes?\./);
    expect(await preview.innerText()).toContain('Bluepeak Channel:');
    expect(await preview.innerText()).not.toMatch(/company \d/);
    await page.screenshot({ path: path.join(screenshots, 'settings.png'), fullPage: true });
    await page.getByTestId('confirm-publish').click();
    await expect.poll(() => page.getByTestId('in-force').innerText(), { timeout: 20_000 }).toBe('2026.2');
    await page.getByTestId('history-table').getByText('sell_with.selling: 40 → 50').waitFor();
    // Published by the preview's user, named from HubSpot's owners, not "user <id>".
    const newest = page.getByTestId('history-table').locator('tbody tr').first();
    expect(await newest.innerText()).toContain('by Ana Lopez');

    await expect
      .poll(
        async () => {
          await openDeal(initech);
          return page.getByTestId('rule-version').innerText();
        },
        { timeout: 30_000, interval: 500 },
      )
      .toBe('Rules v2026.2');
    const after = await splitAmounts();
    // Selling 40 → 50 against technical validation 25: Bluepeak's share grows, DataFuse's shrinks.
    expect(after['Bluepeak Channel']).toBeGreaterThan(before['Bluepeak Channel']!);
    expect(after['DataFuse']).toBeLessThan(before['DataFuse']!);
  });

  it('shows a conflict alert naming the other deal', async () => {
    const bluepeak = dealId('Acme Corp — Data platform (Bluepeak registration)');
    const other = dealId('Acme Corp — Data platform (Northwind + DataFuse registration)');
    await openDeal(bluepeak);
    const alert = page.getByTestId('conflict-alert');
    await alert.waitFor();
    const text = await alert.innerText();
    expect(text).toContain('Acme Corp — Data platform (Northwind + DataFuse registration)');
    expect(text).not.toContain(`deal ${other}`);
  });

  it("shows a partner's scorecard", async () => {
    await page.goto(stack.previewUrl);
    await page.getByTestId('nav-scorecard').click();
    const picker = page.getByTestId('company-picker');
    const value = await picker.locator('option', { hasText: 'Northwind Resellers' }).getAttribute('value');
    await picker.selectOption(value!);
    const frame = page.getByTestId('extension-frame');
    await frame.getByRole('heading', { name: 'Northwind Resellers' }).waitFor();
    await frame.getByText('Open co-sell deals').waitFor();
    await frame.getByText('Commission earned this quarter').waitFor();
    await frame.getByRole('heading', { name: 'Pairings' }).waitFor();
    await page.screenshot({ path: path.join(screenshots, 'scorecard.png'), fullPage: true });
  });

  it("converts a partner's commission into the portal's home currency at HubSpot's rates", async () => {
    // Keystone Implementations earned only in GBP (a won deal closing in Q3 2026); the demo portal's
    // home currency is USD with GBP at 1.27 (HubSpot's currency settings, as the emulator serves them).
    await page.goto(stack.previewUrl);
    await page.getByTestId('nav-scorecard').click();
    const picker = page.getByTestId('company-picker');
    const value = await picker.locator('option', { hasText: 'Keystone Implementations' }).getAttribute('value');
    await picker.selectOption(value!);
    const frame = page.getByTestId('extension-frame');
    await frame.getByRole('heading', { name: 'Keystone Implementations' }).waitFor();
    const quarter = frame.locator('select[name="quarter"]');
    const q3 = await quarter.locator('option', { hasText: 'Q3 2026' }).getAttribute('value');
    await quarter.selectOption(q3!);
    await frame.getByText('Commission earned in Q3 2026').waitFor();
    const gbpText = await frame.locator('.hs-statistics__item', { hasText: 'GBP' }).locator('.hs-statistics__number').innerText();
    const gbpMinor = BigInt(gbpText.replace(/[^\d]/g, ''));
    expect(gbpMinor).toBeGreaterThan(0n);
    // Exact: minor × 1.270000, rounded half away from zero to cents.
    const usdMinor = (gbpMinor * 1_270_000n * 2n + 1_000_000n) / 2_000_000n;
    const usd = `$${(usdMinor / 100n).toLocaleString('en-US')}.${String(usdMinor % 100n).padStart(2, '0')}`;
    const total = frame.getByTestId('home-total');
    await total.waitFor();
    expect(await total.innerText()).toContain(`Total in USD: ${usd}`);
    expect(await total.innerText()).toContain("Converted from GBP at HubSpot's current exchange rates.");
    // The trend table carries the same total per quarter.
    expect(await frame.getByTestId('trend-table').innerText()).toMatch(/Total in USD/i);
    expect(await frame.getByTestId('trend-table').innerText()).toContain(`${usd} USD`);
  });
});

describe('screenshots', () => {
  it(updating ? 'refreshes docs/screenshots (UPDATE_SCREENSHOTS=1)' : 'go to test-results/screenshots and leave docs/screenshots alone', () => {
    for (const name of SHOTS) {
      const written = path.join(screenshots, name);
      expect(existsSync(written), written).toBe(true);
      expect(statSync(written).mtimeMs, written).toBeGreaterThanOrEqual(startedAt - 1000);
      if (updating) expect(written).toBe(path.join(committed, name));
      else expect(fingerprint(path.join(committed, name)), name).toBe(committedBefore[name]);
    }
  });
});
