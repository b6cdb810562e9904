import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { build } from 'esbuild';
import type { Plugin } from 'esbuild';

const here = path.dirname(fileURLToPath(import.meta.url));

/**
 * Maps `@hubspot/ui-extensions` (and `/crm`) to the preview's HTML shim. Any other sub-path fails the
 * build, so a card that starts using something the shim lacks is noticed at once.
 */
const uiExtensionsShim: Plugin = {
  name: 'ui-extensions-shim',
  setup(b) {
    b.onResolve({ filter: /^@hubspot\/ui-extensions(\/.*)?$/ }, (args) => {
      if (args.path === '@hubspot/ui-extensions') return { path: path.join(here, 'shim', 'ui-extensions-shim.tsx') };
      if (args.path === '@hubspot/ui-extensions/crm') return { path: path.join(here, 'shim', 'crm-shim.ts') };
      return { errors: [{ text: `the local preview has no stand-in for ${args.path}` }] };
    });
  },
};

/**
 * Bundles the preview client (which imports the real card and settings entry files) for the browser.
 *
 * @example const js = await bundlePreview(); res.type('js').send(js);
 */
export async function bundlePreview(): Promise<string> {
  const result = await build({
    entryPoints: [path.join(here, 'client', 'preview-client.tsx')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: ['chrome120'],
    jsx: 'automatic',
    minify: false,
    sourcemap: 'inline',
    logLevel: 'silent',
    define: { 'process.env.NODE_ENV': '"production"' },
    plugins: [uiExtensionsShim],
  });
  const output = result.outputFiles[0];
  if (!output) throw new Error('esbuild produced no output for the preview bundle');
  return output.text;
}
