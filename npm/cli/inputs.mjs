// What the command line checks: files as given, directories (every .json, .ndjson, .jsonl and
// .csv file under them, recursively) and glob patterns (`users/**/*.ndjson`, quoted so the
// shell leaves them). Node 20 has no fs.glob and the package has no dependencies, so patterns
// are matched here: `*`, `?`, `**`, `[...]` and `{a,b}`, as shells and .gitignore read them.
import { readdirSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';

export const CHECKED_EXTENSIONS = ['.json', '.ndjson', '.jsonl', '.csv'];
/** JSON files of a project that are never users: found in a directory, they are passed over. */
const NOT_INPUTS = new Set(['package.json', 'package-lock.json', 'scim-preflight.json', 'tsconfig.json']);
const GLOB_CHARACTERS = /[*?[{]/;

/**
 * Every path to check, in order and once each: "-" (standard input) and plain files as given,
 * a directory's checked files sorted, a pattern's matches sorted. A directory or pattern that
 * gives no file is an error, so a typo is not a silent pass.
 */
export function expandInputs(args, cwd = process.cwd()) {
  const paths = [];
  const seen = new Set();
  const add = (path) => {
    if (!seen.has(path)) {
      seen.add(path);
      paths.push(path);
    }
  };
  for (const arg of args) {
    if (arg === '-') add(arg);
    else if (GLOB_CHARACTERS.test(arg) && !exists(resolve(cwd, arg))) {
      const matches = matchGlob(arg, cwd);
      if (matches.length === 0) throw Object.assign(new Error(`no file matches ${arg}`), { code: 'NO_MATCH' });
      matches.forEach(add);
    } else if (isDirectory(resolve(cwd, arg))) {
      const files = filesUnder(arg, cwd).filter(isChecked);
      if (files.length === 0) throw Object.assign(new Error(`no .json, .ndjson, .jsonl or .csv file under the directory ${arg}`), { code: 'NO_MATCH' });
      files.forEach(add);
    } else add(arg);
  }
  return paths;
}

const isChecked = (path) => CHECKED_EXTENSIONS.some((extension) => path.toLowerCase().endsWith(extension)) && !NOT_INPUTS.has(path.split(/[\\/]/).pop());

function exists(path) {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}

function isDirectory(path) {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** Files under `dir` (relative to cwd, as given), sorted, skipping node_modules and dot folders. */
function filesUnder(dir, cwd) {
  const entries = readdirSync(resolve(cwd, dir), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const files = [];
  for (const entry of entries) {
    const path = dir === '.' ? entry.name : join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && !entry.name.startsWith('.')) files.push(...filesUnder(path, cwd));
    } else if (entry.isFile() || (entry.isSymbolicLink() && !isDirectory(resolve(cwd, path)))) files.push(path);
  }
  return files;
}

/** The files a pattern matches, relative to cwd as the pattern is (absolute if it is). */
export function matchGlob(pattern, cwd) {
  const parts = pattern.split('/');
  // The folders before the first part with a wildcard are walked from, not matched.
  const fixed = [];
  while (parts.length > 1 && !GLOB_CHARACTERS.test(parts[0])) fixed.push(parts.shift());
  const base = fixed.length === 0 ? '.' : fixed.join('/') || '/';
  if (!isDirectory(resolve(cwd, base))) return [];
  const expression = globToRegExp(parts.join('/'));
  return filesUnder(base, cwd).filter((path) => expression.test(relative(base, path).split(sep).join('/')) && !NOT_INPUTS.has(path.split(sep).pop()));
}

/** A glob as a regular expression over '/'-separated relative paths. */
export function globToRegExp(glob) {
  let source = '';
  for (let i = 0; i < glob.length; i += 1) {
    const character = glob[i];
    if (character === '*' && glob[i + 1] === '*') {
      // "**/" is any number of folders, "**" at the end anything at all.
      const slash = glob[i + 2] === '/';
      source += slash ? '(?:[^/]*/)*' : '.*';
      i += slash ? 2 : 1;
    } else if (character === '*') source += '[^/]*';
    else if (character === '?') source += '[^/]';
    else if (character === '[') {
      const close = glob.indexOf(']', i + 2);
      if (close === -1) source += '\\[';
      else {
        const inside = glob.slice(i + 1, close).replace(/^!/, '^').replace(/\\/g, '\\\\');
        source += `[${inside}]`;
        i = close;
      }
    } else if (character === '{') {
      const close = glob.indexOf('}', i);
      if (close === -1) source += '\\{';
      else {
        source += `(?:${glob.slice(i + 1, close).split(',').map((option) => globToRegExp(option).source.slice(1, -1)).join('|')})`;
        i = close;
      }
    } else source += character.replace(/[.+^$()|\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}
