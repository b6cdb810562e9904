import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { run } from '../src/cli/payouts';
import { DEFAULT_RULE_SET } from '../src/domain/index';

const root = fileURLToPath(new URL('..', import.meta.url));
const example = join(root, 'examples/payouts-simulate.json');

function sink() {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  return { stream, text: () => chunks.join('') };
}

async function cli(args: string[], stdin = '') {
  const stdout = sink();
  const stderr = sink();
  const code = await run(args, { stdin: Readable.from([stdin]), stdout: stdout.stream, stderr: stderr.stream, env: {} });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

const FIXED = { fiscalYearStartMonth: 1, coSellBonus: { minCoSellWins: 1, reward: { kind: 'fixed', amount: '100.00', currency: 'USD' } }, tiers: [] };
const body = (over: Record<string, unknown> = {}) =>
  JSON.stringify({
    rules: { ...DEFAULT_RULE_SET, incentives: FIXED },
    quarter: '2026-Q3',
    deals: [
      {
        id: 'D1',
        amount: '12000.00',
        currency: 'USD',
        closeDate: '2026-08-01',
        stage: 'won',
        partners: [{ id: 'p1', roles: ['selling'] }, { id: 'p2', roles: ['sourcing'] }],
      },
    ],
    ...over,
  });

describe('cosell payouts simulate --json', () => {
  it('prints the example: bonus and tier from 2026.2, uplift from 2026.1, one figure per currency', async () => {
    const { code, stdout, stderr } = await cli(['simulate', example, '--json']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(Object.keys(out)).toEqual(['quarter', 'partners']);
    expect(out.quarter).toBe('2026-Q3');
    // Northwind: D-3001 (2000.00), D-3002 (7237.62, as in the attribute example) and D-3003 (5000.00 EUR) are
    // co-sell wins: 3 ≥ 3 → 5000.00 USD and Co-sell Gold. Its 2 co-sell wins in 2026-Q2 (D-2001, D-2002) meet
    // 2026.1's uplift threshold of 2: 5 % of 2000.00 = 100.00 and of 7237.62 = 361.881 → 361.88; of 5000.00 EUR = 250.00.
    // Contoso had one co-sell win in 2026-Q2: no uplift. Fabrikam: one co-sell win (D-3002: 1809.40) and a solo
    // (D-3004: 20 % of 1667.50 = 333.50). D-3005 is lost, D-3006 open, D-4001 closes in 2026-Q4.
    expect(out.partners).toEqual([
      { partnerId: 'contoso', coSellWins: 3, tier: 'Co-sell Gold', currency: 'EUR', commission: '2500.00', bonus: '0.00', uplift: '0.00', tierUplift: '0.00', total: '2500.00' },
      { partnerId: 'contoso', coSellWins: 3, tier: 'Co-sell Gold', currency: 'USD', commission: '4015.67', bonus: '5000.00', uplift: '0.00', tierUplift: '0.00', total: '9015.67' },
      { partnerId: 'fabrikam', coSellWins: 1, tier: null, currency: 'USD', commission: '2142.90', bonus: '0.00', uplift: '0.00', tierUplift: '0.00', total: '2142.90' },
      { partnerId: 'northwind', coSellWins: 3, tier: 'Co-sell Gold', currency: 'EUR', commission: '5000.00', bonus: '0.00', uplift: '250.00', tierUplift: '0.00', total: '5250.00' },
      { partnerId: 'northwind', coSellWins: 3, tier: 'Co-sell Gold', currency: 'USD', commission: '9237.62', bonus: '5000.00', uplift: '461.88', tierUplift: '0.00', total: '14699.50' },
    ]);
  });

  it('reads stdin with -, takes one rule set, and omits partners with nothing in the quarter', async () => {
    const deals = [
      { id: 'D1', amount: '12000.00', currency: 'USD', closeDate: '2026-08-01', stage: 'won', partners: [{ id: 'p1', roles: ['selling'] }, { id: 'p2', roles: ['sourcing'] }] },
      { id: 'D2', amount: '0', currency: 'USD', closeDate: '2026-08-02', stage: 'won', partners: [{ id: 'p3', roles: ['selling'] }] },
      { id: 'D3', amount: '500.00', currency: 'USD', closeDate: '2026-08-03', stage: 'open', partners: [{ id: 'p4', roles: ['selling'] }] },
    ];
    const { code, stdout, stderr } = await cli(['simulate', '-', '--json'], body({ deals }));
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(JSON.parse(stdout).partners.map((p: { partnerId: string; total: string }) => [p.partnerId, p.total])).toEqual([
      ['p1', '2100.00'],
      ['p2', '1100.00'],
    ]);
  });

  it('a tier held from the previous quarter adds its commission uplift per allocation, outside the pool, in the total', async () => {
    const incentives = { fiscalYearStartMonth: 1, tiers: [{ name: 'Co-sell Silver', minCoSellWins: 1, benefits: [], commissionUpliftPercent: '2.5' }] };
    const coSell = (id: string, amount: string, closeDate: string) => ({
      id, amount, currency: 'USD', closeDate, stage: 'won', partners: [{ id: 'p1', roles: ['selling'] }, { id: 'p2', roles: ['sourcing'] }],
    });
    // p1 and p2 each won one co-sell deal in 2026-Q2: both hold Silver in 2026-Q3. p3 did not.
    const deals = [
      coSell('Q2', '1000.00', '2026-05-10'),
      // 1234.56 × 25 % = 308.64: p1 (selling 40 of 60) 205.76, p2 102.88; 2.5 % of 205.76 = 5.144 → 5.14, of 102.88 = 2.572 → 2.57.
      coSell('Q3', '1234.56', '2026-08-01'),
      { id: 'S', amount: '1000.00', currency: 'USD', closeDate: '2026-08-02', stage: 'won', partners: [{ id: 'p3', roles: ['selling'] }] },
    ];
    const { code, stdout, stderr } = await cli(['simulate', '-', '--json'], JSON.stringify({ rules: { ...DEFAULT_RULE_SET, incentives }, quarter: '2026-Q3', deals }));
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(JSON.parse(stdout).partners.map((p: Record<string, string>) => [p['partnerId'], p['commission'], p['tierUplift'], p['total']])).toEqual([
      ['p1', '205.76', '5.14', '210.90'],
      ['p2', '102.88', '2.57', '105.45'],
      ['p3', '200.00', '0.00', '200.00'],
    ]);
    const table = await cli(['simulate', '-'], JSON.stringify({ rules: { ...DEFAULT_RULE_SET, incentives }, quarter: '2026-Q3', deals }));
    expect(table.stdout).toContain('Tier uplift: Co-sell Silver held in 2026-Q3 (1 ≥ 1 co-sell wins in 2026-Q2 under rule set 2026.1), so each won-deal allocation earns 2.5% more');
    expect(table.stdout).toContain('rule set 2026.1: 205.76 USD + tier uplift 5.14');
  });

  it('a deal\'s pipeline and properties pick the rule set\'s override', async () => {
    const rules = { ...DEFAULT_RULE_SET, dealProperties: ['territory'], overrides: [{ name: 'EMEA', when: { properties: { territory: ['EMEA'] } }, pool: { coSellRate: 50 } }] };
    const deal = (id: string, territory: string) => ({
      id, amount: '1000.00', currency: 'USD', closeDate: '2026-08-01', stage: 'won', pipeline: 'default', properties: { territory },
      partners: [{ id: 'p1', roles: ['selling'] }, { id: `${id}-p2`, roles: ['sourcing'] }],
    });
    const { code, stdout, stderr } = await cli(['simulate', '-', '--json'], JSON.stringify({ rules, quarter: '2026-Q3', deals: [deal('E', 'emea'), deal('A', 'APAC')] }));
    expect(stderr).toBe('');
    expect(code).toBe(0);
    // EMEA: pool 50 % = 500.00, p1 selling 40 of 60 → 333.33; APAC: the base 25 % = 250.00 → 166.67.
    expect(JSON.parse(stdout).partners.find((p: { partnerId: string }) => p.partnerId === 'p1').commission).toBe('500.00');
  });

  it('an empty quarter lists no partners', async () => {
    const { code, stdout } = await cli(['simulate', '-', '--json'], body({ quarter: '2026-Q1' }));
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({ quarter: '2026-Q1', partners: [] });
  });
});

describe('cosell payouts simulate (table)', () => {
  it('prints who earns what by name, and the math behind each figure', async () => {
    const { code, stdout } = await cli(['simulate', example]);
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    expect(lines[0]).toBe('Quarter 2026-Q3: 2026-07-01 to 2026-09-30 (fiscal years start in January)');
    expect(lines[1]).toBe('Bonus and tiers: rule set 2026.2, in force on 2026-09-30 · uplift: rule set 2026.1, in force on 2026-06-30');
    expect(lines.find((l) => l.startsWith('Northwind Resellers  USD'))).toMatch(/\s3\s+Co-sell Gold\s+9237\.62\s+5000\.00\s+461\.88\s+0\.00\s+14699\.50$/);
    expect(lines.find((l) => l.startsWith('Fabrikam Services'))).toMatch(/\s1\s+—\s+2142\.90\s+0\.00\s+0\.00\s+0\.00\s+2142\.90$/);
    expect(stdout).not.toMatch(/^northwind/m);
    expect(stdout).toContain('    Uplift: 2 ≥ 2 co-sell wins in 2026-Q2 under rule set 2026.1, so each won-deal allocation earns 5% more');
    expect(stdout).toContain('    - "Umbrella — New logo", won 2026-08-14, Sell with (co-sell win), rule set 2026.2: 7237.62 USD + uplift 361.88');
    expect(stdout).toContain('    - "Wayne — Pilot", won 2026-07-20, Solo, rule set 2026.2: 333.50 USD');
    expect(stdout).toContain('    Tier: none for 2026-Q4 (the first, Co-sell Silver, needs 2 co-sell wins).');
    expect(stdout).toContain('    Co-sell Gold brings: Priority deal registration, Faster payout cycle.');
  });

  it('says so when nobody earned anything', async () => {
    const { code, stdout } = await cli(['simulate', '-'], body({ quarter: '2026-Q1' }));
    expect(code).toBe(0);
    expect(stdout).toContain('No partner won a deal or earned anything in 2026-Q1.');
  });
});

describe('cosell payouts simulate — invalid input exits 2, names the field, prints nothing on stdout', () => {
  const deal = JSON.parse(body()).deals[0] as Record<string, unknown>;
  it.each<[string, string, string]>([
    ['bad JSON', '{"rules": ', 'stdin: not valid JSON'],
    ['no rules', JSON.stringify({ quarter: '2026-Q3', deals: [] }), 'rules: required: the rule set, or the list of versions, to simulate'],
    ['a bad quarter', body({ quarter: 'Q3' }), 'quarter: "Q3" is not a quarter like "2026-Q3"'],
    ['a number amount', body({ deals: [{ ...deal, amount: 12000 }] }), 'deals[0].amount: must be a decimal string'],
    ['an unknown stage', body({ deals: [{ ...deal, stage: 'closedwon' }] }), 'deals[0].stage: must be one of won, lost, open'],
    ['an unknown role', body({ deals: [{ ...deal, partners: [{ id: 'p1', roles: ['sales'] }] }] }), 'deals[0].partners[0].roles[0]: unknown role "sales"'],
    ['a won deal without a close date', body({ deals: [{ ...deal, closeDate: null }] }), 'deals[0].closeDate: a won deal needs its close date'],
    ['an unknown field', body({ deals: [{ ...deal, owner: 'x' }] }), 'deals[0].owner: unknown field "owner"'],
    ['deals not a list', body({ deals: {} }), 'deals: must be a list of deals'],
    ['invalid incentives', body({ rules: { ...DEFAULT_RULE_SET, incentives: { ...FIXED, tiers: [{ name: 'A', minCoSellWins: 2 }, { name: 'B', minCoSellWins: 2 }] } } }), "rules.incentives.tiers[1].minCoSellWins: must be greater than the previous tier's (A: 2)"],
    ['a deal before the rules', body({ deals: [{ ...deal, closeDate: '2025-08-01' }], quarter: '2025-Q3' }), 'deals[0].closeDate: no rule set in force on 2025-08-01'],
  ])('%s', async (_name, input, message) => {
    const { code, stdout, stderr } = await cli(['simulate', '-', '--json'], input);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain(message);
  });

  it.each([[['simulate']], [['simulate', '--jsn', example]], [['simulate', example, 'extra.json']], [[]]])('bad arguments %j', async (args) => {
    const { code, stdout, stderr } = await cli(args);
    expect(code).toBe(2);
    expect(stdout + stderr).toContain('Usage: cosell payouts simulate FILE');
  });

  it('an unknown subcommand lists the ones there are', async () => {
    const { code, stdout, stderr } = await cli(['aprove']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('cosell payouts: unknown subcommand "aprove"');
    for (const sub of ['simulate FILE', 'approve --all', 'run --period', 'statement RUN', 'mark-paid RUN', 'incentives']) expect(stderr).toContain(sub);
  });

  it('a missing file', async () => {
    const { code, stderr } = await cli(['simulate', 'no/such/file.json']);
    expect(code).toBe(2);
    expect(stderr).toBe('cosell payouts simulate: cannot read no/such/file.json: no such file\n');
  });
});

describe('bin/cosell.js payouts simulate (child process)', () => {
  it('runs the example', async () => {
    const result = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
      const child = spawn(process.execPath, [join(root, 'bin/cosell.js'), 'payouts', 'simulate', '-', '--json'], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr }));
      child.stdin.end(readFileSync(example));
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).partners).toHaveLength(5);
  });
});
