// The policy of a run: which findings fail it (--fail-on), which rules are ignored (--ignore,
// a code or a prefix such as "attribute."), and whether only errors are printed (--quiet).
// It comes from the command line and from a config file, found as eslint finds its own: the
// nearest `scim-preflight.json`, or `"scimPreflight"` in the nearest package.json, from the
// working directory up; `--config FILE` names one instead.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export const SEVERITY_RANK = { error: 0, warning: 1, info: 2 };
const CONFIG_KEYS = ['failOn', 'ignore', 'quiet'];

export class UsageError extends Error {}

/** The config file that applies in `cwd`, as `{ path, settings }`, or null. */
export function findConfig(cwd) {
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    const own = join(dir, 'scim-preflight.json');
    if (existsSync(own)) return { path: own, settings: readConfig(own) };
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      const settings = parseJson(manifest).scimPreflight;
      if (settings !== undefined) return { path: `${manifest} ("scimPreflight")`, settings: checkShape(settings, manifest) };
    }
    if (dirname(dir) === dir) return null;
  }
}

export function readConfig(path) {
  return checkShape(parseJson(path), path);
}

function parseJson(path) {
  let text;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read the config file ${path}: ${error.code === 'ENOENT' ? 'no such file' : error.message}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`the config file ${path} is not JSON: ${error.message}`);
  }
}

function checkShape(settings, path) {
  if (settings === null || typeof settings !== 'object' || Array.isArray(settings)) throw new UsageError(`the config in ${path} must be an object such as { "failOn": "warning", "ignore": ["attribute.unmapped"] }`);
  for (const key of Object.keys(settings)) {
    if (!CONFIG_KEYS.includes(key)) throw new UsageError(`the config in ${path} has "${key}", which is not a setting: the settings are ${CONFIG_KEYS.join(', ')}`);
  }
  if (settings.failOn !== undefined && !(settings.failOn in SEVERITY_RANK)) throw new UsageError(`"failOn" in ${path} must be "error", "warning" or "info", not ${JSON.stringify(settings.failOn)}`);
  if (settings.ignore !== undefined && !(Array.isArray(settings.ignore) && settings.ignore.every((code) => typeof code === 'string'))) throw new UsageError(`"ignore" in ${path} must be an array of rule codes`);
  if (settings.quiet !== undefined && typeof settings.quiet !== 'boolean') throw new UsageError(`"quiet" in ${path} must be true or false`);
  return settings;
}

/**
 * The policy: the command line over the config file, ignores of both. Each ignored code must
 * be a code of the catalogue or a prefix of codes ending in "."; otherwise it is a usage error
 * naming the closest code, so a typo never silently ignores nothing.
 */
export function resolvePolicy(args, config, codes) {
  const settings = config?.settings ?? {};
  const ignore = [...(settings.ignore ?? []), ...args.ignore];
  for (const code of ignore) {
    const known = codes.includes(code) || (code.endsWith('.') && codes.some((existing) => existing.startsWith(code)));
    if (!known) {
      const where = args.ignore.includes(code) ? '--ignore' : `the config in ${config.path}`;
      throw new UsageError(`${where}: "${code}" is not a rule code; did you mean "${closest(code, [...codes, ...families(codes)])}"? (the codes are in docs/rules.md)`);
    }
  }
  return {
    failOn: args.failOn ?? settings.failOn ?? 'error',
    quiet: args.quiet || settings.quiet === true,
    ignore,
  };
}

/** Whether a finding is reported at all, and whether it is printed. */
export function isIgnored(policy, code) {
  return policy.ignore.some((ignored) => (ignored.endsWith('.') ? code.startsWith(ignored) : code === ignored));
}

export const isShown = (policy, diagnostic) => !policy.quiet || diagnostic.severity === 'error';

/** Whether counts of the findings not ignored fail the run. */
export function fails(policy, counts) {
  return Object.entries(SEVERITY_RANK).some(([severity, rank]) => rank <= SEVERITY_RANK[policy.failOn] && counts[severity] > 0);
}

const families = (codes) => [...new Set(codes.map((code) => `${code.split('.')[0]}.`))];

/** The candidate nearest to `word` by edit distance (ties: the first). */
export function closest(word, candidates) {
  let best = candidates[0];
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(word, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

function editDistance(a, b) {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[b.length];
}
