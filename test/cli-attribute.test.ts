import { spawn } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { run } from '../src/cli/attribute';
import { DEFAULT_RULE_SET } from '../src/domain/index';

const root = fileURLToPath(new URL('..', import.meta.url));
const example = join(root, 'examples/attribute-three-partners.json');

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

const input = (over: Record<string, unknown> = {}) =>
  JSON.stringify({
    deal: { id: 'D-7', amount: '10000', currency: 'USD' },
    partners: [
      { id: 'p1', roles: ['sourcing', 'selling'] },
      { id: 'p2', roles: ['technical_validation'] },
    ],
    ...over,
  });

describe('cosell attribute --json', () => {
  it('prints the plan for the README example', async () => {
    const { code, stdout, stderr } = await cli([example, '--json']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const plan = JSON.parse(stdout);
    // 48250.75 × 25% = 12062.6875 → 12062.69; weights 60 / 25 / 15 (implementation is worth 0):
    // 7237.614, 3015.6725, 1809.4035 → floors leave 0.01, which goes to northwind (.4 is largest).
    expect(plan).toMatchObject({
      dealId: 'D-1042',
      model: 'sell_with',
      ruleVersion: '2026.1',
      pool: { rate: '25', amount: '12062.69', currency: 'USD' },
      unallocated: '0.00',
      warnings: [{ code: 'role_worth_zero', partnerId: 'fabrikam' }],
    });
    expect(plan.allocations.map((a: Record<string, unknown>) => [a.partnerId, a.roles, a.weight, a.share, a.amount])).toEqual([
      ['contoso', ['technical_validation'], '25', '0.250000', '3015.67'],
      ['fabrikam', ['implementation', 'influence'], '15', '0.150000', '1809.40'],
      ['northwind', ['sourcing', 'selling'], '60', '0.600000', '7237.62'],
    ]);
    expect(plan.explanation.at(-1)).toBe('Rule set version 2026.1.');
  });

  it('reads stdin with -, uses given rules and model', async () => {
    const rules = [
      { ...DEFAULT_RULE_SET, version: '2025.1', effectiveFrom: '2025-01-01', pool: { soloRate: 10, coSellRate: 30 } },
      DEFAULT_RULE_SET,
    ];
    const body = input({ rules, model: 'sell_to', deal: { id: 'D-7', amount: '1000', currency: 'EUR', closeDate: '2025-05-01' } });
    const { code, stdout, stderr } = await cli(['-', '--json'], body);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const plan = JSON.parse(stdout);
    // 2025.1 is in force on 2025-05-01: pool 1000 × 30% = 300.00; sell_to: p1 sourcing 20 +
    // selling 80 = 100, p2 technical_validation 0 → p1 300.00, p2 0.00 (with warnings).
    expect(plan).toMatchObject({ ruleVersion: '2025.1', model: 'sell_to', pool: { amount: '300.00', currency: 'EUR' } });
    expect(plan.allocations.map((a: { amount: string }) => a.amount)).toEqual(['300.00', '0.00']);
    expect(plan.warnings.map((w: { code: string }) => w.code)).toEqual(expect.arrayContaining(['role_worth_zero', 'zero_allocation']));
  });

  it('--as-of picks the rule set in force on that date', async () => {
    const rules = [{ ...DEFAULT_RULE_SET, version: 'old', effectiveFrom: '2020-01-01' }, DEFAULT_RULE_SET];
    const { stdout } = await cli(['-', '--json', '--as-of', '2021-06-01'], input({ rules }));
    expect(JSON.parse(stdout).ruleVersion).toBe('old');
  });
});

describe('cosell attribute (table)', () => {
  it('prints a readable table and the explanation', async () => {
    const { code, stdout } = await cli([example]);
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    expect(lines[0]).toBe('Deal D-1042 · model sell_with · rule set 2026.1');
    expect(lines[1]).toBe('Amount 48250.75 USD · pool 25% = 12062.69 USD');
    expect(lines.find((l) => l.startsWith('northwind (Northwind Resellers)'))).toMatch(/sourcing, selling\s+60\s+0\.600000\s+7237\.62$/);
    expect(lines.find((l) => l.startsWith('Unallocated'))).toMatch(/\s0\.00$/);
    expect(stdout).toContain(
      'Warnings:\n  ! Implementation earns nothing under the rules in force (2026.1); partner ops can change that in Settings. ' +
        'Fabrikam Services holds implementation on this deal, which earns 0 under Sell with. [role_worth_zero]',
    );
    expect(stdout).toContain('How this was computed:\n   1. Deal D-1042: amount 48250.75 USD');
    expect(stdout.trimEnd().endsWith('Rule set version 2026.1.')).toBe(true);
  });
});

describe('cosell attribute — rule set advice', () => {
  const equalSellTo = { ...structuredClone(DEFAULT_RULE_SET), models: { ...structuredClone(DEFAULT_RULE_SET.models), sell_to: { sourcing: 50, selling: 50 } } };
  const message = 'Sell to splits equally between sourcing, selling (50% each); is that a decision or a placeholder?';

  it('carries the equal-split warning of the model used into the plan (stdin, --json)', async () => {
    const { code, stdout, stderr } = await cli(['-', '--json'], input({ rules: equalSellTo, model: 'sell_to' }));
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(JSON.parse(stdout).warnings).toContainEqual({ code: 'equal_split', message });
  });

  it('shows it in the table too', async () => {
    const { code, stdout } = await cli(['-'], input({ rules: equalSellTo, model: 'sell_to' }));
    expect(code).toBe(0);
    expect(stdout).toContain(`Warnings:\n  ! ${message} [equal_split]`);
  });
});

const overrideExample = join(root, 'examples/attribute-override.json');

describe('cosell attribute — rule overrides', () => {
  const withOverrides = {
    ...structuredClone(DEFAULT_RULE_SET),
    version: '2026.3',
    dealProperties: ['territory'],
    overrides: [
      { name: 'Enterprise deals', when: { minAmount: '100000.00', pipelines: ['enterprise'] }, pool: { coSellRate: 30 } },
      { name: 'EMEA', when: { properties: { territory: ['EMEA'] } }, pool: { coSellRate: 27 } },
    ],
  };
  const dealWith = (extra: Record<string, unknown>) => ({ id: 'D-7', amount: '200000', currency: 'USD', ...extra });

  it('prints the override example: EMEA services weights, named in the JSON', async () => {
    const { code, stdout, stderr } = await cli([overrideExample, '--json']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const plan = JSON.parse(stdout);
    // 64000 × 25% = 16000; override weights: northwind sourcing 15 + selling 35 = 50, fabrikam implementation 30; of 80.
    expect(plan).toMatchObject({ ruleVersion: '2026.3', override: 'EMEA services', pool: { rate: '25', amount: '16000.00', currency: 'EUR' } });
    expect(plan.allocations.map((a: { partnerId: string; amount: string }) => [a.partnerId, a.amount])).toEqual([
      ['fabrikam', '6000.00'],
      ['northwind', '10000.00'],
    ]);
  });

  it.each<[string, Record<string, unknown>, string | null, string]>([
    ['the pipeline and amount pick the first override', { pipeline: 'enterprise', properties: { territory: 'EMEA' } }, 'Enterprise deals', '60000.00'],
    ['a numeric pipeline id is read as text', { pipeline: 12345, properties: { territory: 'emea' } }, 'EMEA', '54000.00'],
    ['the properties pick the second', { pipeline: 'default', properties: { territory: 'EMEA' } }, 'EMEA', '54000.00'],
    ['none matches: "override": null', { pipeline: 'default', properties: { territory: 'APAC' } }, null, '50000.00'],
    ['no pipeline or properties given', {}, null, '50000.00'],
  ])('%s', async (_name, extra, override, pool) => {
    const { code, stdout, stderr } = await cli(['-', '--json'], input({ rules: withOverrides, deal: dealWith(extra) }));
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const plan = JSON.parse(stdout);
    expect(plan.override).toBe(override);
    expect(plan.pool.amount).toBe(pool);
  });

  it('names the override in the table header', async () => {
    const { code, stdout } = await cli(['-'], input({ rules: withOverrides, deal: dealWith({ pipeline: 'enterprise' }) }));
    expect(code).toBe(0);
    expect(stdout.split('\n')[0]).toBe("Deal D-7 · model sell_with · rule set 2026.3 · override 'Enterprise deals'");
    expect(stdout).toContain("Override 'Enterprise deals' applies");
  });

  it('prints "override": null for rules without overrides', async () => {
    const { stdout } = await cli([example, '--json']);
    expect(JSON.parse(stdout).override).toBeNull();
  });

  it.each<[string, string, string]>([
    ['a pipeline that is an object', input({ deal: dealWith({ pipeline: { id: 'x' } }) }), 'deal.pipeline: must be a pipeline id (a string)'],
    ['properties that are a list', input({ deal: dealWith({ properties: ['EMEA'] }) }), 'deal.properties: must be an object of deal property → value'],
    ['a property value that is a number', input({ deal: dealWith({ properties: { territory: 3 } }) }), 'deal.properties.territory: must be the property value as a string'],
    [
      'override weights that do not sum to 100',
      input({ rules: { ...withOverrides, overrides: [withOverrides.overrides[0], { name: 'B', when: {}, models: { sell_with: { sourcing: 15, selling: 30, technical_validation: 20, implementation: 30 } } }] } }),
      'rules.overrides[1].models.sell_with: role weights must sum to exactly 100, got 95',
    ],
    ['an override that can never match', input({ rules: { ...withOverrides, overrides: [{ name: 'A', when: { minAmount: '10', maxAmount: '5' } }] } }), 'rules.overrides[0].when.maxAmount: must be above minAmount (10)'],
  ])('rejects %s, naming the field', async (_name, body, message) => {
    const { code, stdout, stderr } = await cli(['-', '--json'], body);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain(message);
  });
});

describe('cosell attribute — invalid input exits 2, names the field, prints nothing on stdout', () => {
  it.each<[string, string, string]>([
    ['an unknown role', input({ partners: [{ id: 'a', roles: ['selling'] }, { id: 'b', roles: ['sales'] }] }), 'partners[1].roles[0]: unknown role "sales"'],
    ['bad JSON', '{"deal": ', 'stdin: not valid JSON'],
    ['a number amount', input({ deal: { id: 'D', amount: 12.5, currency: 'USD' } }), 'deal.amount: must be a decimal string'],
    ['a missing deal', JSON.stringify({ partners: [] }), 'deal: must be an object with id, amount and currency'],
    ['an unknown currency', input({ deal: { id: 'D', amount: '1', currency: 'XYZ' } }), 'deal.currency: unknown currency "XYZ"'],
    ['a negative amount', input({ deal: { id: 'D', amount: '-1', currency: 'USD' } }), 'deal.amount: must not be negative'],
    ['too many decimals', input({ deal: { id: 'D', amount: '1.005', currency: 'USD' } }), 'deal.amount: "1.005" has 3 decimals; USD allows at most 2'],
    ['a duplicate partner', input({ partners: [{ id: 'a', roles: [] }, { id: 'a', roles: [] }] }), 'partners[1].id: duplicate partner id "a"'],
    ['an unknown model', input({ model: 'sell_around' }), 'model: must be one of none, solo'],
    ['an unknown partner type', input({ partners: [{ id: 'a', type: 'vendor', roles: [] }] }), 'partners[0].type: must be one of reseller'],
    ['an unknown field', input({ dael: {} }), 'dael: unknown field "dael"'],
    ['invalid rules', input({ rules: { ...DEFAULT_RULE_SET, models: { sell_with: { selling: 90 } } } }), 'rules.models.sell_with: role weights must sum to exactly 100, got 90'],
    ['rules not in force', input({ rules: DEFAULT_RULE_SET, deal: { id: 'D', amount: '1', currency: 'USD', closeDate: '2019-01-01' } }), 'rules: no rule set in force on 2019-01-01'],
  ])('%s', async (_name, body, message) => {
    const { code, stdout, stderr } = await cli(['-', '--json'], body);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain(message);
  });

  it('a missing file', async () => {
    const { code, stdout, stderr } = await cli(['no/such/file.json', '--json']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe('cosell attribute: cannot read no/such/file.json: no such file\n');
  });

  it('a file that is not JSON names the file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cosell-'));
    const file = join(dir, 'deal.json');
    await writeFile(file, 'deal: 1');
    const { code, stderr } = await cli([file]);
    expect(code).toBe(2);
    expect(stderr).toContain(`${file}: not valid JSON`);
  });

  it.each([[[]], [['--jsn', example]], [[example, 'extra.json']], [['-', '--as-of']]])('bad arguments %j', async (args) => {
    const { code, stdout, stderr } = await cli(args);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('Usage: cosell attribute FILE');
  });

  it('--help prints usage and exits 0', async () => {
    const { code, stdout } = await cli(['--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('Usage: cosell attribute FILE');
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

describe('bin/cosell.js attribute (child process)', () => {
  it('runs the README example', async () => {
    const { code, stdout, stderr } = await spawnCli(['attribute', 'examples/attribute-three-partners.json', '--json']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ dealId: 'D-1042', pool: { amount: '12062.69' } });
  });

  it('exits 2 with the field on stderr and nothing on stdout', async () => {
    const body = input({ partners: [{ id: 'a', roles: ['selling'] }, { id: 'b', roles: ['sales'] }] });
    const { code, stdout, stderr } = await spawnCli(['attribute', '-', '--json'], body);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('partners[1].roles[0]: unknown role "sales"');
  });
});
