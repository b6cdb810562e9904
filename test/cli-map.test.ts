import { createHmac } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main';
import { captureCliIo } from './support/capture-cli-io';

const root = fileURLToPath(new URL('..', import.meta.url));
const theirsFile = join(root, 'examples/account-mapping/partner-accounts.csv');
const oursFile = join(root, 'examples/account-mapping/our-companies.csv');
const icpFile = join(root, 'examples/account-mapping/icp.json');

async function cosell(args: string[]) {
  const { io, out, err } = captureCliIo();
  const code = await main(args, io);
  return { code, stdout: out(), stderr: err() };
}

let dir: string;
async function file(name: string, text: string | Buffer): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cosell-map-'));
});

describe('cosell map --json', () => {
  it('prints the map in the documented shape for the example lists', async () => {
    const { code, stdout, stderr } = await cosell(['map', '--theirs', theirsFile, '--ours', oursFile, '--icp', icpFile, '--json']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const map = JSON.parse(stdout);
    expect(Object.keys(map)).toEqual(['partner', 'summary', 'matches', 'whitespace', 'nameSuggestions', 'rejected', 'gone']);
    expect(map.summary).toEqual({
      rows: 15,
      accounts: 10,
      rejected: 4,
      customer_overlap: 2,
      prospect_overlap: 1,
      our_customer_their_prospect: 1,
      both_prospects: 1,
      whitespace: 4,
      whitespace_icp: 2,
    });
    expect(map.matches).toEqual([
      // rows 2 (Customer) and 7 (Prospect) are one account; ours: Acme Inc (customer) and Acme Europe on eu.acme.com
      { category: 'customer_overlap', domain: 'acme.com', ours: ['9000', '9001'], theirRows: [2, 7], isNew: true },
      // https://www.bücher.de → punycode, equal to our xn--bcher-kva.de
      { category: 'customer_overlap', domain: 'xn--bcher-kva.de', ours: ['9005'], theirRows: [16], isNew: true },
      { category: 'prospect_overlap', domain: 'globex.co.uk', ours: ['9002'], theirRows: [3], isNew: true },
      { category: 'our_customer_their_prospect', domain: 'initech.io', ours: ['9003'], theirRows: [4], isNew: true },
      { category: 'both_prospects', domain: 'umbrella.com', ours: ['9004'], theirRows: [5], isNew: true },
    ]);
    // ICP: Software, ≥ 50 employees, United States or Canada (case-insensitive: "software", "canada")
    expect(map.whitespace.map((w: { domain: string; icp: boolean }) => [w.domain, w.icp])).toEqual([
      ['tyrell.com', true],
      ['wayne.com', true],
      ['cyberdyne.io', false], // 40 employees
      ['stark.de', false], // Manufacturing, Germany
    ]);
    expect(map.whitespace[1]).toEqual({ domain: 'wayne.com', name: 'Wayne Enterprises', theirRows: [6], icp: true, isNew: true });
    expect(map.nameSuggestions).toEqual([
      { ours: ['9200'], theirRows: [13], name: 'Hooli GmbH' },
      { ours: ['9201'], theirRows: [14], name: 'Soylent' },
    ]);
    expect(map.rejected).toEqual([
      { row: 12, value: 'gmail.com', reason: 'free-mail domain' },
      { row: 13, value: 'n/a', reason: 'placeholder' },
      { row: 14, value: '', reason: 'empty' },
      { row: 15, value: '10.1.2.3', reason: 'IP address' },
    ]);
    expect(map.partner).toBeNull();
    expect(map.gone).toEqual([]);
  });

  it('without --json prints a summary and the lists, naming our companies by name', async () => {
    const { code, stdout } = await cosell(['map', '--theirs', theirsFile, '--ours', oursFile, '--icp', icpFile]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/15 partner rows → 10 accounts; 4 rows rejected/);
    expect(stdout).toMatch(/Whitespace \(their customers we do not have\)\s+4 \(2 in the ICP\)/);
    expect(stdout).toMatch(/acme\.com\s+Acme Inc, Acme Europe\s+rows 2, 7\s+new/);
    expect(stdout).toMatch(/Hooli GmbH\s+Hooli\s+row 13/);
    expect(stdout).not.toMatch(/\b9000\b/);
  });

  it('reads quoted cells with line breaks, a BOM, CRLF, and --columns overrides', async () => {
    const theirs = await file(
      'quirky.csv',
      '\uFEFF"Company Name","Web Address","Kind"\r\n"Acme,\r\nInc.",https://WWW.ACME.COM/,customer\r\n"Other","other.com","Customer"\r\n',
    );
    const ours = await file('ours.csv', 'Record ID,Company name,Company Domain Name,Lifecycle Stage\r\n1,Acme,acme.com,customer\r\n');
    const without = await cosell(['map', '--theirs', theirs, '--ours', ours, '--json']);
    expect(without.code).toBe(2);
    expect(without.stderr).toMatch(/quirky\.csv: no domain column \(looked for "website", "domain", .*--columns domain="Column name"\)/);
    const { code, stdout, stderr } = await cosell(['map', '--theirs', theirs, '--ours', ours, '--columns', 'domain="Web Address",status=Kind', '--json']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const map = JSON.parse(stdout);
    expect(map.matches).toEqual([{ category: 'customer_overlap', domain: 'acme.com', ours: ['1'], theirRows: [2], isNew: true }]);
    expect(map.whitespace).toEqual([{ domain: 'other.com', name: 'Other', theirRows: [3], icp: true, isNew: true }]);
  });
});

describe('cosell map: problems exit 2 naming them; bad rows never stop the run', () => {
  it.each([
    [['map', '--ours', 'x.csv'], /missing --theirs FILE/],
    [['map', '--theirs', 'x.csv', '--save'], /--save needs --partner ID/],
    [['map', '--theirs', 'x.csv', '--partner', 'Northwind'], /--partner: "Northwind" is not a HubSpot company record id/],
    [['map', '--theirs', 'x.csv', '--ours', 'y.csv', '--bogus'], /unknown option "--bogus"/],
    [['map', '--theirs', 'x.csv', '--ours', 'y.csv', '--columns', 'site=Web'], /--columns: unknown field "site"/],
  ])('%j', async (args, message) => {
    const { code, stderr, stdout } = await cosell(args);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    expect(stdout).toBe('');
  });

  it('names a file that cannot be read, a directory, an empty file and a bad ICP', async () => {
    const missing = join(dir, 'nope.csv');
    expect((await cosell(['map', '--theirs', missing, '--ours', oursFile])).stderr).toBe(`cosell map: cannot read ${missing}: no such file\n`);
    expect((await cosell(['map', '--theirs', theirsFile, '--ours', dir])).stderr).toBe(`cosell map: cannot read ${dir}: it is a directory\n`);
    const empty = await file('empty.csv', '');
    const e = await cosell(['map', '--theirs', empty, '--ours', oursFile]);
    expect([e.code, e.stderr]).toEqual([2, `cosell map: ${empty}: the file is empty: a header row is needed\n`]);
    const icp = await file('icp.json', '{"minEmployees": "fifty"}');
    const i = await cosell(['map', '--theirs', theirsFile, '--ours', oursFile, '--icp', icp]);
    expect([i.code, i.stderr]).toEqual([2, `cosell map: ${icp}: icp.minEmployees: must be a whole number\n`]);
    const noDomain = await file('ours-no-domain.csv', 'Record ID,Company name\n1,Acme\n');
    const o = await cosell(['map', '--theirs', theirsFile, '--ours', noDomain]);
    expect(o.code).toBe(2);
    expect(o.stderr).toMatch(/ours-no-domain\.csv: no domain column \(looked for "company domain name"/);
  });

  it('keeps going past rows that are short, long or odd', async () => {
    const theirs = await file('odd.csv', 'Website,Status\nacme.com\n,\n"quoted"junk,customer,extra,cells\nbeta.com,customer,1,2,3\n');
    const ours = await file('ours2.csv', 'Record ID,Company Domain Name\n7,acme.com\n');
    const { code, stdout } = await cosell(['map', '--theirs', theirs, '--ours', ours, '--json']);
    expect(code).toBe(0);
    const map = JSON.parse(stdout);
    expect(map.matches).toEqual([{ category: 'both_prospects', domain: 'acme.com', ours: ['7'], theirRows: [2], isNew: true }]);
    expect(map.whitespace.map((w: { domain: string }) => w.domain)).toEqual(['beta.com']);
    expect(map.rejected).toEqual([{ row: 4, value: 'quoted', reason: 'no public suffix' }]);
    expect(map.summary.rows).toBe(3); // row 3 (",") is blank
  });
});

describe('cosell map hash, and matching a hashed list', () => {
  const key = 'a-long-random-key-shared-with-the-partner';

  it('writes domain_hmac and the kept columns, drops names and rows without a usable domain', async () => {
    const { code, stdout, stderr } = await cosell(['map', 'hash', '--key', key, theirsFile]);
    expect(code).toBe(0);
    expect(stderr).toBe('cosell map hash: 11 rows hashed; 4 left out without a usable domain (1 free-mail domain, 1 placeholder, 1 empty, 1 IP address)\n');
    const lines = stdout.trimEnd().split('\r\n');
    expect(lines[0]).toBe('domain_hmac,status,industry,employees,country');
    expect(lines).toHaveLength(12);
    const acme = createHmac('sha256', key).update('acme.com').digest('hex');
    expect(lines[1]).toBe(`${acme},Customer,Software,"1,200",United States`);
    expect(stdout).not.toMatch(/Acme|Wayne|acme\.com/);
  });

  it('matches a hashed list with the key exactly as the plain list matches', async () => {
    const hashed = await file('hashed.csv', (await cosell(['map', 'hash', '--key', key, theirsFile])).stdout);
    const plain = JSON.parse((await cosell(['map', '--theirs', theirsFile, '--ours', oursFile, '--icp', icpFile, '--json'])).stdout);
    const viaHash = await cosell(['map', '--theirs', hashed, '--ours', oursFile, '--icp', icpFile, '--key', key, '--json']);
    expect(viaHash.code).toBe(0);
    const map = JSON.parse(viaHash.stdout);
    // same accounts and categories; the partner's row numbers are those of the hashed file
    expect(map.matches.map((m: { category: string; domain: string; ours: string[] }) => [m.category, m.domain, m.ours])).toEqual(
      plain.matches.map((m: { category: string; domain: string; ours: string[] }) => [m.category, m.domain, m.ours]),
    );
    expect(map.nameSuggestions).toEqual([]);
    expect(map.summary.whitespace_icp).toBe(plain.summary.whitespace_icp);
    expect(map.whitespace[0].name).toBeNull();
    expect(map.whitespace[0].domain).toMatch(/^[0-9a-f]{64}$/);
  });

  it('asks for the key when the list is hashed, and a wrong key matches nothing', async () => {
    const hashed = await file('hashed2.csv', (await cosell(['map', 'hash', '--key', key, theirsFile])).stdout);
    const noKey = await cosell(['map', '--theirs', hashed, '--ours', oursFile]);
    expect(noKey.code).toBe(2);
    expect(noKey.stderr).toMatch(/hashed2\.csv: is a hashed list \(domain_hmac\): give the key shared with the partner with --key KEY/);
    const wrong = JSON.parse((await cosell(['map', '--theirs', hashed, '--ours', oursFile, '--key', 'another-key', '--json'])).stdout);
    expect(wrong.matches).toEqual([]);
  });

  it('hashes as documented in docs/account-mapping.md (key k3y, acme.com)', async () => {
    const plain = await file('one.csv', 'Website\nhttps://www.Acme.com/about\n');
    expect((await cosell(['map', 'hash', '--key', 'k3y', plain])).stdout).toBe('domain_hmac\r\n378de97a17d147e5a55bef351c833d60beb5a893e2847c5487a1b1c291b83820\r\n');
  });

  it('refuses to hash without a key or a domain column', async () => {
    expect((await cosell(['map', 'hash', theirsFile])).stderr).toMatch(/missing --key KEY/);
    const names = await file('names.csv', 'Account Name\nAcme\n');
    const r = await cosell(['map', 'hash', '--key', key, names]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/names\.csv: no domain column/);
  });
});
