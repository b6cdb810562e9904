import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Components } from '@hubspot/project-parsing-lib/constants';
import { parseProjectConfig } from '@hubspot/project-parsing-lib/projects';
import { mapToUserFacingType } from '@hubspot/project-parsing-lib/transform';
import { translate } from '@hubspot/project-parsing-lib/translate';
import { validateUid } from '@hubspot/project-parsing-lib/uid';
import type { IntermediateRepresentation } from '@hubspot/project-parsing-lib/translate';

/**
 * The structural checks `hs project validate` would run, done offline. HubSpot's own validation downloads
 * JSON schemas with an authenticated account (docs/hubspot.md §1.8); `translate(…, { skipValidation })`
 * parses offline but skips uid, directory and duplicate checks, so they are re-done here from the
 * parser's own tables (`Components`, `validateUid`).
 */
export async function checkHubspotProject(projectDir: string, options: { profile?: string } = {}) {
  const problems: string[] = [];
  const config = parseProjectConfig(projectDir);
  const srcDir = path.join(projectDir, config.srcDir);
  let translated: Awaited<ReturnType<typeof translate>>;
  try {
    translated = await translate(
      { projectSourceDir: srcDir, platformVersion: config.platformVersion },
      { skipValidation: true, ...(options.profile ? { profile: options.profile } : {}) },
    );
  } catch (error) {
    // The parser throws for a duplicate uid (and for a project without any hsmeta file).
    problems.push(error instanceof Error ? error.message : String(error));
    return { config, srcDir, ir: { intermediateNodesIndexedByUid: {} } as IntermediateRepresentation, problems, countByType: new Map<string, number>() };
  }
  const { intermediateRepresentation: ir, skippedHsMetaFiles } = translated;
  for (const skipped of skippedHsMetaFiles) problems.push(`${skipped}: skipped (not in a directory HubSpot reads components from)`);

  const nodes = Object.values(ir.intermediateNodesIndexedByUid);
  const countByType = new Map<string, number>();
  for (const node of nodes) {
    const type = mapToUserFacingType(node.componentType);
    countByType.set(type, (countByType.get(type) ?? 0) + 1);
    const uidProblem = validateUid(node.uid);
    if (uidProblem) problems.push(`${node.metaFilePath}: ${uidProblem}`);
    const component = (Components as Record<string, { dir: string; parentComponent?: string; singularComponent?: boolean }>)[type];
    if (!component) {
      problems.push(`${node.metaFilePath}: unknown component type ${node.componentType}`);
      continue;
    }
    const parentDir = component.parentComponent ? (Components as Record<string, { dir: string }>)[component.parentComponent]?.dir ?? '' : '';
    const expectedDir = path.posix.join(parentDir, component.dir);
    if (path.posix.dirname(node.metaFilePath) !== expectedDir) {
      problems.push(`${node.metaFilePath}: a ${type} belongs in ${expectedDir}/`);
    }
    if (!node.metaFilePath.endsWith('-hsmeta.json')) problems.push(`${node.metaFilePath}: config files must end in -hsmeta.json`);
    const entrypoint = (node.config as { entrypoint?: unknown } | null)?.entrypoint;
    if (typeof entrypoint === 'string' && !existsSync(path.join(srcDir, entrypoint))) {
      problems.push(`${node.metaFilePath}: entrypoint ${entrypoint} does not exist`);
    }
  }
  for (const [type, count] of countByType) {
    const component = (Components as Record<string, { singularComponent?: boolean }>)[type];
    if (component?.singularComponent && count > 1) problems.push(`${type}: at most one allowed, found ${count}`);
  }
  return { config, srcDir, ir, problems, countByType };
}

/** The package.json dependencies of an extension point folder. */
export function readDependencies(dir: string): Record<string, string> {
  const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
  return pkg.dependencies ?? {};
}

/**
 * Whether an installed version satisfies an exact or caret spec (all the sub-packages use), without
 * pulling in a semver dependency.
 *
 * @example satisfiesSpec('0.17.3', '^0.17.0') // true
 */
export function satisfiesSpec(installed: string, spec: string): boolean {
  const parse = (v: string) => v.replace(/^[\^~]/, '').split('-')[0]!.split('.').map(Number) as [number, number, number];
  if (!spec.startsWith('^')) return installed === spec;
  const [a, b, c] = parse(installed);
  const [x, y, z] = parse(spec);
  const atLeast = a > x || (a === x && (b > y || (b === y && c >= z)));
  if (x > 0) return a === x && atLeast;
  return a === 0 && b === y && atLeast;
}
