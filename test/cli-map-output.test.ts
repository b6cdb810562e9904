import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main';
import { captureCliIo } from './support/capture-cli-io';

/*
 * The exact bytes `cosell map --json` prints for the example lists, plain and hashed. The JSON
 * writer and the matcher are tuned for speed (docs/benchmarks.md); whatever changes inside, the
 * output for the same input must stay byte for byte the same (order of lists and keys, one entry
 * per line, numbers and escapes as JSON.stringify writes them).
 */

const root = fileURLToPath(new URL('..', import.meta.url));
const theirsFile = join(root, 'examples/account-mapping/partner-accounts.csv');
const oursFile = join(root, 'examples/account-mapping/our-companies.csv');
const icpFile = join(root, 'examples/account-mapping/icp.json');

async function cosell(args: string[]) {
  const { io, out, err } = captureCliIo();
  const code = await main(args, io);
  return { code, stdout: out(), stderr: err() };
}

const PLAIN = `{"partner":null,
"summary":{"rows":15,"accounts":10,"rejected":4,"customer_overlap":2,"prospect_overlap":1,"our_customer_their_prospect":1,"both_prospects":1,"whitespace":4,"whitespace_icp":2},
"matches":[
{"category":"customer_overlap","domain":"acme.com","ours":["9000","9001"],"theirRows":[2,7],"isNew":true},
{"category":"customer_overlap","domain":"xn--bcher-kva.de","ours":["9005"],"theirRows":[16],"isNew":true},
{"category":"prospect_overlap","domain":"globex.co.uk","ours":["9002"],"theirRows":[3],"isNew":true},
{"category":"our_customer_their_prospect","domain":"initech.io","ours":["9003"],"theirRows":[4],"isNew":true},
{"category":"both_prospects","domain":"umbrella.com","ours":["9004"],"theirRows":[5],"isNew":true}
],
"whitespace":[
{"domain":"tyrell.com","name":"Tyrell","theirRows":[11],"icp":true,"isNew":true},
{"domain":"wayne.com","name":"Wayne Enterprises","theirRows":[6],"icp":true,"isNew":true},
{"domain":"cyberdyne.io","name":"Cyberdyne","theirRows":[10],"icp":false,"isNew":true},
{"domain":"stark.de","name":"Stark Industries","theirRows":[8],"icp":false,"isNew":true}
],
"nameSuggestions":[
{"ours":["9200"],"theirRows":[13],"name":"Hooli GmbH"},
{"ours":["9201"],"theirRows":[14],"name":"Soylent"}
],
"rejected":[
{"row":12,"value":"gmail.com","reason":"free-mail domain"},
{"row":13,"value":"n/a","reason":"placeholder"},
{"row":14,"value":"","reason":"empty"},
{"row":15,"value":"10.1.2.3","reason":"IP address"}
],
"gone":[]}
`;

const HASHED = `{"partner":null,
"summary":{"rows":11,"accounts":10,"rejected":0,"customer_overlap":2,"prospect_overlap":1,"our_customer_their_prospect":1,"both_prospects":1,"whitespace":4,"whitespace_icp":4},
"matches":[
{"category":"customer_overlap","domain":"acme.com","ours":["9000","9001"],"theirRows":[2,7],"isNew":true},
{"category":"customer_overlap","domain":"xn--bcher-kva.de","ours":["9005"],"theirRows":[12],"isNew":true},
{"category":"prospect_overlap","domain":"globex.co.uk","ours":["9002"],"theirRows":[3],"isNew":true},
{"category":"our_customer_their_prospect","domain":"initech.io","ours":["9003"],"theirRows":[4],"isNew":true},
{"category":"both_prospects","domain":"umbrella.com","ours":["9004"],"theirRows":[5],"isNew":true}
],
"whitespace":[
{"domain":"01778fea514d6e907b10a4d6695e7ef47aa42e3a6d95f1efefe2671f5968dd21","name":null,"theirRows":[10],"icp":true,"isNew":true},
{"domain":"1b210f3d68db7965556252e186a98dc148e551d7db1ba2ca5642e0a9581b752d","name":null,"theirRows":[11],"icp":true,"isNew":true},
{"domain":"972c7497d0cb6db6afda980bd4c42e33c4d60df8f5e97dfaadec58a1c30dfca3","name":null,"theirRows":[6],"icp":true,"isNew":true},
{"domain":"e7711fc21d9e6840fb60471adea877607942b7d0a378efee86b0fa3aa6798fa3","name":null,"theirRows":[8],"icp":true,"isNew":true}
],
"nameSuggestions":[],
"rejected":[],
"gone":[]}
`;

describe('cosell map --json: the output, byte for byte', () => {
  it('for the example lists with the example ICP', async () => {
    const { code, stdout, stderr } = await cosell(['map', '--theirs', theirsFile, '--ours', oursFile, '--icp', icpFile, '--json']);
    expect([code, stderr]).toEqual([0, '']);
    expect(stdout).toBe(PLAIN);
  });

  it('for the example partner list hashed with key k3y', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cosell-map-pin-'));
    const hashedFile = join(dir, 'hashed.csv');
    await writeFile(hashedFile, (await cosell(['map', 'hash', '--key', 'k3y', theirsFile])).stdout);
    const { code, stdout, stderr } = await cosell(['map', '--theirs', hashedFile, '--ours', oursFile, '--key', 'k3y', '--json']);
    expect([code, stderr]).toEqual([0, '']);
    expect(stdout).toBe(HASHED);
  });
});
