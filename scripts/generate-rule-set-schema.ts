// Writes schemas/rule-set.schema.json from the zod schema in src/domain/rule-set.ts, so rule
// authors get editor validation from the same source of truth the engine uses.
// `tsx scripts/generate-rule-set-schema.ts` writes it; `--check` exits 1 when it is stale (CI).
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { ruleSetJsonSchema } from '../src/domain/index';

export const RULE_SET_SCHEMA_PATH = fileURLToPath(new URL('../schemas/rule-set.schema.json', import.meta.url));

/** The exact file content: pretty JSON with a trailing newline. */
export function renderRuleSetSchema(): string {
  return `${JSON.stringify(ruleSetJsonSchema(), null, 2)}\n`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const expected = renderRuleSetSchema();
  if (process.argv.includes('--check')) {
    const actual = await readFile(RULE_SET_SCHEMA_PATH, 'utf8').catch(() => '');
    if (actual !== expected) {
      console.error(`${RULE_SET_SCHEMA_PATH} is out of date: run \`tsx scripts/generate-rule-set-schema.ts\``);
      process.exitCode = 1;
    }
  } else {
    await writeFile(RULE_SET_SCHEMA_PATH, expected);
    console.log(`wrote ${RULE_SET_SCHEMA_PATH}`);
  }
}
