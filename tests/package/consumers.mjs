// Shared by the package tests: fresh projects with the packed tarball (`make pkg`) installed,
// as teams would install it, and the command line run in them.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const root = new URL('../../', import.meta.url).pathname;
export const tools = join(root, 'tools/node_modules/.bin');
const tarball = join(root, 'target/npm', readdirSync(join(root, 'target/npm')).find((name) => name.endsWith('.tgz')));
export const work = mkdtempSync(join(tmpdir(), 'scim-preflight-consumers-'));
export const cleanUp = () => rmSync(work, { recursive: true, force: true });

/** A fresh project with the tarball installed (no registry needed: the package has no dependencies). */
export function project(name, manifest, files) {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: `consumer-${name}`, private: true, ...manifest }));
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(join(dir, file, '..'), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', '--offline', tarball], { cwd: dir, stdio: 'pipe' });
  return dir;
}

/** The environment the command line runs in: no colours, whatever a CI runner has set. */
export function cliEnvironment(more = {}) {
  const { FORCE_COLOR: _, ...inherited } = process.env;
  return { ...inherited, NO_COLOR: '1', ...more };
}

/** The installed command line run in `dir` (from `cwd` under it when given), without colours. */
export function runCli(dir, args, { input, cwd = dir, env = {} } = {}) {
  return spawnSync(join(dir, 'node_modules/.bin/scim-preflight'), args, { cwd, encoding: 'utf8', input, env: cliEnvironment(env) });
}
