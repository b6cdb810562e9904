#!/usr/bin/env node
// The published entry point. The CLI is written in TypeScript and run through tsx's loader so that
// `npx cosell …` works from a checkout with no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
});
