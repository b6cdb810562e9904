import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const eslint = new ESLint({ cwd: root });

/** The rule ids and messages ESLint reports for `code` as if it were the file at `file`. */
async function lint(file: string, code: string) {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return (result?.messages ?? []).map((m) => `${m.ruleId}: ${m.message}`);
}

// HubSpot's boundary rules look for src/app/<point>; eslint.config.js hands them the uploaded path so
// they fire under extensions/app/<point> (docs/decisions/0009-extension-workspaces.md).
describe("HubSpot's extension lint rules under extensions/", () => {
  it('reject a relative import out of an extension point and CRM components on the settings page', async () => {
    const messages = await lint(
      'extensions/app/settings/components/probe.tsx',
      "import { CrmActionButton } from '@hubspot/ui-extensions/crm';\nimport { dealCard } from '../../cards/components/deal-cosell-card';\nexport const probe = [CrmActionButton, dealCard];\n",
    );
    expect(messages).toEqual([
      '@hubspot/ui-extensions/no-invalid-extension-point-imports: Imports from "crm" are not allowed in settings.',
      '@hubspot/ui-extensions/no-parent-imports: Imports from outside "settings" will fail at build time. Use npm workspaces to share code.',
    ]);
  });

  it('accept the shared workspace packages, imports inside the point and CRM components on a card', async () => {
    const messages = await lint(
      'extensions/app/cards/components/probe.tsx',
      "import { CrmActionButton } from '@hubspot/ui-extensions/crm';\nimport { formatMoney } from '@cosell/card-kit';\nimport type { Role } from '@cosell/contract';\nimport { SplitPreview } from './split-preview';\nexport const probe: [unknown, unknown, Role, unknown] = [CrmActionButton, formatMoney, 'selling', SplitPreview];\n",
    );
    expect(messages).toEqual([]);
  });
});
