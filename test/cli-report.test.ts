import { spawn } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PAIRING_ROWS, run } from '../src/cli/report';
import { quarterOf } from '../src/domain/reporting/quarter';

const root = fileURLToPath(new URL('..', import.meta.url));
const example = join(root, 'examples/report-2026-q4.json');

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

const deal = (over: Record<string, unknown> = {}) => ({
  id: 'D-1',
  amount: '1000.00',
  currency: 'USD',
  createDate: '2026-10-01',
  closeDate: '2026-11-01',
  stage: 'won',
  partners: [
    { id: 'p1', roles: ['sourcing'] },
    { id: 'p2', roles: ['selling'] },
  ],
  ...over,
});
const body = (...deals: unknown[]) => JSON.stringify({ deals });

describe('cosell report --json', () => {
  it('prints the example quarter: pipeline, groups, delta, pairings, disputes and verdicts', async () => {
    const { code, stdout, stderr } = await cli(['--deals', example, '--quarter', '2026-Q4', '--json']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const r = JSON.parse(stdout);
    // Co-sell created in Q4: 48250.75 + 36000 + 52000 + 30000 + 18000 + €40000 × 1.085 (43400.00) = 227650.75;
    // solo: 61000 + 45000 + 38000 + 27500 + €72000 × 1.085 (78120.00) + 90000 + 41000 = 380620.00.
    expect(r).toMatchObject({
      quarter: '2026-Q4',
      currency: 'USD',
      partnerPipeline: '608270.75',
      coSellPipeline: '227650.75',
      coSellPipelineShare: '0.3743', // 227650.75 / 608270.75 = 0.37426…
      // Co-sell closed in Q4: won 48250.75 (49 days), 30000 (59), 22000 (81); lost 36000, 25000.
      coSell: { closed: 5, won: 3, winRate: '0.6000', avgWonDealSize: '33416.92', avgDaysToClose: '63.0' },
      // Solo: won 61000 (28 days), 38000 (45), 16000 (70); lost 45000, 27500, 33000.
      solo: { closed: 6, won: 3, winRate: '0.5000', avgWonDealSize: '38333.33', avgDaysToClose: '47.7' },
      winRateDelta: '0.1000',
      disputeRate: '0.2000',
    });
    expect(r.pairings.ranked.map((p: { key: string; pipeline: string; winRate: string | null }) => [p.key, p.pipeline, p.winRate])).toEqual([
      ['contoso+northwind', '84250.75', '0.5000'],
      ['contoso+fabrikam+northwind', '52000.00', null],
      ['contoso+fabrikam', '43400.00', null],
      ['fabrikam+northwind', '30000.00', '1.0000'],
      ['adatum+litware', '18000.00', '1.0000'],
      ['litware+northwind', '0.00', '0.0000'],
    ]);
    expect(r.pairings.top3).toEqual(['contoso+northwind', 'contoso+fabrikam+northwind', 'contoso+fabrikam']);
    expect(r.pairings.bottom3).toEqual(['litware+northwind', 'adatum+litware', 'fabrikam+northwind']);
    expect(Object.fromEntries(Object.entries(r.targets).map(([k, t]) => [k, (t as { verdict: string }).verdict]))).toEqual({
      coSellPipelineShare: 'above',
      winRateDelta: 'within',
      avgWonDealSize: 'co_sell_not_larger',
      avgDaysToClose: 'co_sell_slower',
      disputeRate: 'rules_unclear',
    });
  });

  it('another quarter sees other deals (2026-Q3: created 2026-07-01 … 2026-09-30)', async () => {
    const { code, stdout } = await cli(['--deals', example, '--quarter=2026-Q3', '--json']);
    expect(code).toBe(0);
    const r = JSON.parse(stdout);
    // Created in Q3: co-sell 22000 + 25000, solo 33000 + 16000; nothing closed in Q3.
    expect(r).toMatchObject({ quarter: '2026-Q3', partnerPipeline: '96000.00', coSellPipeline: '47000.00', coSellPipelineShare: '0.4896' });
    expect(r.coSell).toEqual({ closed: 0, won: 0, winRate: null, avgWonDealSize: null, avgDaysToClose: null });
    expect(r.disputeRate).toBeNull();
  });

  it('reads stdin with -, and defaults to the current quarter', async () => {
    const { code, stdout, stderr } = await cli(['--deals', '-', '--json'], body(deal()));
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(JSON.parse(stdout).quarter).toBe(quarterOf(new Date().toISOString().slice(0, 10)).label);
  });

  it('converts foreign deals with their own rate into the home currency', async () => {
    const file = JSON.stringify({
      homeCurrency: 'EUR',
      deals: [deal({ id: 'A', amount: '100.00', currency: 'USD', exchangeRate: '0.92' }), deal({ id: 'B', amount: '1000', currency: 'JPY', exchangeRate: '0.006123', partners: [{ id: 'p1', roles: ['selling'] }] })],
    });
    const { code, stdout } = await cli(['--deals', '-', '--quarter', '2026-Q4', '--json'], file);
    expect(code).toBe(0);
    // $100.00 → €92.00; ¥1000 → €6.123 → €6.12
    expect(JSON.parse(stdout)).toMatchObject({ currency: 'EUR', partnerPipeline: '98.12', coSellPipeline: '92.00', coSell: { avgWonDealSize: '92.00' }, solo: { avgWonDealSize: '6.12' } });
  });
});

describe('cosell report (readable)', () => {
  it('prints the figures, the pairings by name and a verdict per target', async () => {
    const { code, stdout } = await cli(['--deals', example, '--quarter', '2026-Q4']);
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    expect(lines[0]).toBe('Co-sell program 2026-Q4 · 19 deals read · amounts in USD');
    expect(stdout).toContain('  partner pipeline  608270.75 USD\n  co-sell pipeline  227650.75 USD (37.43 % of partner pipeline)');
    expect(lines.find((l) => l.includes('win rate') && l.includes('%'))).toMatch(/^ {2}win rate\s+60 %\s+50 %$/);
    expect(stdout).toContain('  win-rate delta: +10 points');
    expect(lines.find((l) => l.startsWith('  1  '))).toMatch(/^ {2}1 {2}Contoso Cloud \+ Northwind Resellers\s+84250\.75\s+2\s+2\s+1\s+50 %$/);
    expect(stdout).toContain('  invest in (top 3): Contoso Cloud + Northwind Resellers; Contoso Cloud + Fabrikam Services + Northwind Resellers; Contoso Cloud + Fabrikam Services');
    expect(stdout).toContain('  review (bottom 3, worst first): Litware Technology + Northwind Resellers; Adatum Referrals + Litware Technology; Fabrikam Services + Northwind Resellers');
    expect(stdout).toContain('  ! co-sell pipeline share 37.43 % — above the 15–25 % target');
    expect(stdout).toContain('  ✓ co-sell win rate +10 points against solo (co-sell 60 % vs solo 50 %) — within the +10 to +20 point target');
    expect(stdout).toContain('  ! attribution dispute rate 20 % of 5 closed co-sell deals — above 10 %: the role definitions and split rules are not clear enough');
    // People read names: no partner id in the pairing lines.
    expect(lines.filter((l) => /invest in|review|^ {2}\d+ {2}/.test(l)).join('\n')).not.toMatch(/northwind|contoso\b/);
  });

  it('an empty quarter says there is nothing to judge', async () => {
    const { code, stdout } = await cli(['--deals', '-', '--quarter', '2030-Q1'], body(deal()));
    expect(code).toBe(0);
    expect(stdout).toContain('  no co-sell deal was created or closed in the quarter');
    expect(stdout).toContain('  · co-sell pipeline share: no partner pipeline was created this quarter — no verdict');
    expect(stdout).toContain('  win-rate delta: — (needs closed co-sell and solo deals)');
  });

  it(`shows at most ${PAIRING_ROWS} pairings and says how many more`, async () => {
    const deals = Array.from({ length: PAIRING_ROWS + 3 }, (_, i) => deal({ id: `D-${i}`, partners: [{ id: 'p0', roles: ['selling'] }, { id: `q${i}`, roles: ['influence'] }] }));
    const { stdout } = await cli(['--deals', '-', '--quarter', '2026-Q4'], body(...deals));
    expect(stdout).toContain('Pairings (13 ranked: by pipeline, then win rate)');
    expect(stdout).toContain('  … 3 more (--json lists them all)');
  });
});

describe('cosell report — invalid input exits 2, names the field, prints nothing on stdout', () => {
  it.each<[string, string, string]>([
    ['an unknown role', body(deal({ partners: [{ id: 'a', roles: ['selling'] }, { id: 'b', roles: ['sales'] }] })), 'deals[0].partners[1].roles[0]: unknown role "sales"'],
    ['bad JSON', '{"deals": ', 'stdin: not valid JSON'],
    ['a number amount', body(deal({ amount: 12.5 })), 'deals[0].amount: must be a decimal string'],
    ['a missing stage', body(deal({ stage: undefined })), 'deals[0].stage: must be one of won, lost, open'],
    ['a foreign deal without a rate', JSON.stringify({ homeCurrency: 'USD', deals: [deal({ currency: 'EUR' })] }), 'deals[0].exchangeRate: required: the deal is in EUR and the home currency is USD'],
    ['mixed currencies without a home currency', body(deal(), deal({ id: 'D-2', currency: 'GBP' })), 'homeCurrency: required when the deals are in more than one currency (GBP, USD)'],
    ['a won deal without close date', body(deal({ closeDate: null })), 'deals[0].closeDate: required for a won deal'],
    ['an unknown field', JSON.stringify({ deals: [], quater: '2026-Q4' }), 'quater: unknown field "quater"'],
  ])('%s', async (_name, input, message) => {
    const { code, stdout, stderr } = await cli(['--deals', '-', '--quarter', '2026-Q4', '--json'], input);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain(message);
  });

  it('a bad quarter names the flag', async () => {
    const { code, stdout, stderr } = await cli(['--deals', example, '--quarter', '2026-4']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe('cosell report: invalid input\n  --quarter: "2026-4" is not a quarter like "2026-Q4"\n');
  });

  it('a missing file', async () => {
    const { code, stderr } = await cli(['--deals', 'no/such/deals.json']);
    expect(code).toBe(2);
    expect(stderr).toBe('cosell report: cannot read no/such/deals.json: no such file\n');
  });

  it('a file that is not JSON names the file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cosell-report-'));
    const file = join(dir, 'deals.json');
    await writeFile(file, 'deals: []');
    const { code, stderr } = await cli(['--deals', file]);
    expect(code).toBe(2);
    expect(stderr).toContain(`${file}: not valid JSON`);
  });

  it('without --deals and without a token it says how to read the portal or give a file', async () => {
    const { code, stdout, stderr } = await cli(['--quarter', '2026-Q4']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('HUBSPOT_ACCESS_TOKEN is not set');
    expect(stderr).toContain('--deals FILE');
  });

  it.each([[['--deals']], [['--jsn', '--deals', example]], [['--deals', example, 'extra']], [['--quarter=']]])('bad arguments %j', async (args) => {
    const { code, stdout, stderr } = await cli(args);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('Usage: cosell report');
  });

  it('--help prints usage and exits 0', async () => {
    const { code, stdout } = await cli(['--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('Usage: cosell report [--deals FILE]');
  });
});

function spawnCli(args: string[], stdin = ''): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(root, 'bin/cosell.js'), ...args], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

describe('bin/cosell.js report (child process)', () => {
  it('is registered and runs the example', async () => {
    const { code, stdout, stderr } = await spawnCli(['report', '--deals', 'examples/report-2026-q4.json', '--quarter', '2026-Q4', '--json']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ quarter: '2026-Q4', coSellPipelineShare: '0.3743' });
  });

  it('is listed in the help', async () => {
    const { stdout } = await spawnCli(['--help']);
    expect(stdout).toMatch(/^ {2}report {4}/m);
  });
});
