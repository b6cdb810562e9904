import { existsSync, readFileSync, readdirSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { shouldIgnoreFile } from '@hubspot/local-dev-lib/ignoreRules';
import { Components } from '@hubspot/project-parsing-lib/constants';
import { parseProjectConfig } from '@hubspot/project-parsing-lib/projects';
import { mapToUserFacingType } from '@hubspot/project-parsing-lib/transform';
import { translate } from '@hubspot/project-parsing-lib/translate';
import { validateUid } from '@hubspot/project-parsing-lib/uid';
import type { IntermediateRepresentation } from '@hubspot/project-parsing-lib/translate';
import {
  collectFileDependencies,
  collectWorkspaceDirectories,
  findAndParsePackageJsonFiles,
  validateWorkspaceProtocolDependencies,
} from '@hubspot/project-parsing-lib/workspaces';
import { build } from 'esbuild';
import type { Message, Plugin } from 'esbuild';

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

interface PackageJson {
  name?: string;
  version?: string;
  exports?: Record<string, string>;
  workspaces?: string[];
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}
const readPackageJson = (dir: string) => JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as PackageJson;
const isInside = (dir: string, file: string) => {
  const rel = path.relative(dir, file);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
};
const posix = (p: string) => p.split(path.sep).join('/');

export interface WorkspaceMember {
  /** Folder relative to srcDir, e.g. `app/packages/contract`. */
  dir: string;
  name: string;
  version: string;
  packageJson: PackageJson;
}

/**
 * The npm workspaces as `hs project upload` collects them (docs/hubspot.md §1.10): every package.json
 * under srcDir is read, each `workspaces` list is resolved with @hubspot/project-parsing-lib, and the
 * `workspace:` protocol is checked. Problems: a workspace outside srcDir (the CLI would copy it in from
 * elsewhere, so extensions/ would not be self-contained), a `file:` dependency, a dependency on one of
 * our packages that no workspace provides or whose version the workspace does not satisfy (npm would
 * then fetch that name from the registry).
 */
export async function checkWorkspaces(srcDir: string) {
  const realSrc = realpathSync(srcDir);
  const rel = (p: string) => posix(path.relative(realSrc, realpathSync(p)));
  const problems: string[] = [];
  const parsed = await findAndParsePackageJsonFiles(srcDir);
  for (const p of parsed) if (!p.content) problems.push(`${rel(p.path)}: not valid JSON`);
  const mappings = await collectWorkspaceDirectories(parsed);
  for (const dep of await collectFileDependencies(parsed)) {
    problems.push(`${rel(dep.sourcePackageJsonPath)}: ${dep.packageName} is a ${dep.protocol}: dependency; share code as a workspace`);
  }
  try {
    validateWorkspaceProtocolDependencies(parsed, mappings);
  } catch (error) {
    problems.push(error instanceof Error ? error.message : String(error));
  }
  const roots = [...new Set(mappings.map((m) => rel(m.sourcePackageJsonPath)))].sort();
  const members: WorkspaceMember[] = [];
  for (const mapping of mappings) {
    if (!isInside(realSrc, mapping.workspaceDir)) {
      problems.push(`${rel(mapping.sourcePackageJsonPath)}: workspace ${mapping.workspaceDir} is outside ${path.basename(srcDir)}/`);
      continue;
    }
    const packageJson = readPackageJson(mapping.workspaceDir);
    members.push({ dir: rel(mapping.workspaceDir), name: packageJson.name ?? '', version: packageJson.version ?? '', packageJson });
  }
  members.sort((a, b) => a.dir.localeCompare(b.dir));
  const byName = new Map(members.map((m) => [m.name, m]));
  for (const member of members) {
    if (!member.name) problems.push(`${member.dir}/package.json: a workspace needs a name`);
    const declared = { ...member.packageJson.dependencies, ...member.packageJson.devDependencies };
    for (const [name, spec] of Object.entries(declared)) {
      const provider = byName.get(name);
      if (provider) {
        if (!satisfiesSpec(provider.version, spec)) problems.push(`${member.dir}/package.json: ${name}@${spec} does not match the workspace's ${provider.version}; npm would fetch it from the registry`);
      } else if (name.startsWith('@cosell/')) {
        problems.push(`${member.dir}/package.json: ${name} is not a workspace; npm would fetch it from the registry`);
      }
    }
  }
  return { roots, members, problems };
}

/**
 * The files `hs project upload` puts in its archive, relative to srcDir: everything under it except
 * node_modules and what the CLI's ignore rules (its defaults plus the nearest `.hsignore`) leave out,
 * decided by the CLI's own `shouldIgnoreFile` (docs/hubspot.md §1.10).
 */
export function uploadedFiles(srcDir: string): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === 'node_modules') continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else files.push(posix(path.relative(srcDir, full)));
    }
  };
  walk(srcDir);
  return files.filter((name) => !shouldIgnoreFile(name, true)).sort();
}

export interface EntryBuild {
  entrypoint: string;
  /** Source files in the bundle, relative to srcDir. */
  inputs: string[];
  /** Registry packages the bundle needs (HubSpot's npm install provides them). */
  registryPackages: string[];
  problems: string[];
}

/**
 * Bundles each entry point with esbuild from `srcDir` alone, resolving the way HubSpot's build can:
 * a relative import must stay inside the importing package (the nearest package.json), and a bare
 * import must be listed in that package's `dependencies`; our workspace packages resolve inside srcDir
 * through their `exports`, registry packages are left external and reported.
 */
export async function buildEntriesAlone(srcDir: string, entrypoints: string[]): Promise<EntryBuild[]> {
  const realSrc = realpathSync(srcDir);
  const rel = (p: string) => posix(path.relative(realSrc, p));
  const { members } = await checkWorkspaces(srcDir);
  const byName = new Map(members.map((m) => [m.name, m]));
  const packageRoot = (file: string): string | null => {
    for (let dir = path.dirname(file); isInside(realSrc, dir); dir = path.dirname(dir)) {
      if (existsSync(path.join(dir, 'package.json'))) return dir;
      if (dir === realSrc) break;
    }
    return null;
  };
  const results: EntryBuild[] = [];
  for (const entrypoint of entrypoints) {
    const registryPackages = new Set<string>();
    const boundary: Plugin = {
      name: 'hubspot-build-boundary',
      setup(b) {
        b.onResolve({ filter: /.*/ }, (args) => {
          if (args.kind === 'entry-point') return undefined;
          const root = packageRoot(args.importer);
          const importer = rel(args.importer);
          if (!root) return { errors: [{ text: `${importer} is in no package (no package.json above it inside ${path.basename(srcDir)}/)` }] };
          if (args.path.startsWith('.') || path.isAbsolute(args.path)) {
            if (!isInside(root, path.resolve(args.resolveDir, args.path))) {
              return { errors: [{ text: `${importer} imports ${args.path}, outside its package ${rel(root)}/` }] };
            }
            return undefined;
          }
          const parts = args.path.split('/');
          const name = args.path.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
          if (!(name in (readPackageJson(root).dependencies ?? {}))) {
            return { errors: [{ text: `${importer} imports ${name}, which ${rel(root)}/package.json does not list in dependencies` }] };
          }
          const member = byName.get(name);
          if (!member) {
            registryPackages.add(name);
            return { path: args.path, external: true };
          }
          const target = member.packageJson.exports?.[`.${args.path.slice(name.length)}`];
          if (!target) return { errors: [{ text: `${importer} imports ${args.path}, which ${name} does not export` }] };
          return { path: path.join(realSrc, member.dir, target) };
        });
      },
    };
    try {
      const result = await build({
        absWorkingDir: realSrc,
        entryPoints: [path.join(realSrc, entrypoint)],
        bundle: true,
        write: false,
        metafile: true,
        format: 'esm',
        platform: 'browser',
        jsx: 'automatic',
        logLevel: 'silent',
        plugins: [boundary],
      });
      results.push({ entrypoint, inputs: Object.keys(result.metafile.inputs).map(posix).sort(), registryPackages: [...registryPackages].sort(), problems: [] });
    } catch (error) {
      const messages = (error as { errors?: Message[] }).errors;
      results.push({
        entrypoint,
        inputs: [],
        registryPackages: [...registryPackages].sort(),
        problems: messages?.length ? messages.map((m) => m.text) : [String(error)],
      });
    }
  }
  return results;
}
