// What the command line checks: files as given, directories (every .json, .ndjson, .jsonl and
// .csv file under them, recursively) and glob patterns (`users/**/*.ndjson`, quoted so the
// shell leaves them). Node 20 has no fs.glob and the package has no dependencies, so patterns
// are matched here: `*`, `?`, `**`, `[...]` and `{a,b}` (nested too). As in shells, a wildcard
// does not match a name that starts with a dot unless the pattern's part does. A pattern picks
// the checked files it matches, and a directory it matches is searched as one given by name.
import { readdirSync, statSync } from 'node:fs';
import { join, normalize, relative, resolve, sep } from 'node:path';

export const CHECKED_EXTENSIONS = ['.json', '.ndjson', '.jsonl', '.csv'];
/** JSON files of a project that are never users: found in a directory, they are passed over. */
const NOT_INPUTS = new Set(['package.json', 'package-lock.json', 'scim-preflight.json', 'tsconfig.json']);
const GLOB_CHARACTERS = /[*?[{]/;

/**
 * Every path to check, in order and once each (however it was spelt): "-" (standard input) and
 * files as given, a directory's checked files sorted, a pattern's matches sorted. A directory
 * or pattern that gives no file is an error, so a typo is not a silent pass; `errors` says
 * which, and the other arguments are still checked.
 */
export function expandInputs(args, cwd = process.cwd()) {
  const paths = [];
  const errors = [];
  const seen = new Set();
  const add = (path) => {
    const key = path === '-' ? path : resolve(cwd, path);
    if (!seen.has(key)) {
      seen.add(key);
      paths.push(path === '-' ? path : normalize(path));
    }
  };
  for (const arg of args) {
    if (arg === '-') add(arg);
    else if (GLOB_CHARACTERS.test(arg) && !exists(resolve(cwd, arg))) {
      const matches = matchGlob(arg, cwd);
      if (matches.length === 0) errors.push(`no file matches ${arg}`);
      matches.forEach(add);
    } else if (isDirectory(resolve(cwd, arg))) {
      const files = checkedFilesUnder(arg, cwd);
      if (files.length === 0) errors.push(`no .json, .ndjson, .jsonl or .csv file under the directory ${arg}`);
      files.forEach(add);
    } else add(arg);
  }
  return { paths, errors };
}

const baseName = (path) => path.split(/[\\/]/).pop();
const isChecked = (path) => CHECKED_EXTENSIONS.some((extension) => path.toLowerCase().endsWith(extension)) && !NOT_INPUTS.has(baseName(path));

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

/** The checked files under `dir` (relative to cwd, as given), sorted; dot files are passed over. */
const checkedFilesUnder = (dir, cwd) => entriesUnder(dir, cwd).filter((entry) => !entry.directory && isChecked(entry.path) && !baseName(entry.path).startsWith('.')).map((entry) => entry.path);

/** Every file and folder under `dir`, sorted, passing over node_modules and dot folders. */
function entriesUnder(dir, cwd) {
  const entries = readdirSync(resolve(cwd, dir), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const found = [];
  for (const entry of entries) {
    const path = dir === '.' ? entry.name : join(dir, entry.name);
    const directory = entry.isDirectory() || (entry.isSymbolicLink() && isDirectory(resolve(cwd, path)));
    if (directory && (entry.name === 'node_modules' || entry.name.startsWith('.'))) continue;
    found.push({ path, directory });
    if (directory) found.push(...entriesUnder(path, cwd));
  }
  return found;
}

/** The files a pattern matches, relative to cwd as the pattern is (absolute if it is). */
export function matchGlob(pattern, cwd) {
  const matches = new Set();
  for (const expanded of expandBraces(pattern)) {
    const parts = expanded.split('/');
    // The folders before the first part with a wildcard are walked from, not matched.
    const fixed = [];
    while (parts.length > 1 && !GLOB_CHARACTERS.test(parts[0])) fixed.push(parts.shift());
    const base = fixed.length === 0 ? '.' : fixed.join('/') || '/';
    if (!isDirectory(resolve(cwd, base))) continue;
    const expression = globToRegExp(parts.join('/'));
    for (const entry of entriesUnder(base, cwd)) {
      const inside = relative(base, entry.path).split(sep).join('/');
      if (!expression.test(inside) || hidesADotName(parts, inside)) continue;
      if (entry.directory) checkedFilesUnder(entry.path, cwd).forEach((file) => matches.add(file));
      else if (isChecked(entry.path)) matches.add(entry.path);
    }
  }
  return [...matches].sort();
}

/** Whether a wildcard matched a name starting with a dot that its pattern part does not name. */
function hidesADotName(patternParts, path) {
  const names = path.split('/');
  return names.some((name, index) => name.startsWith('.') && !(patternParts[index] ?? '').startsWith('.') && !patternParts.includes('**'));
}

/** `a{b,c{d,e}}` as `ab`, `acd`, `ace`: braces expanded first, as shells do. */
export function expandBraces(pattern) {
  const open = pattern.indexOf('{');
  if (open === -1) return [pattern];
  let depth = 0;
  const commas = [];
  for (let i = open; i < pattern.length; i += 1) {
    if (pattern[i] === '{') depth += 1;
    else if (pattern[i] === '}' && (depth -= 1) === 0) {
      const options = [];
      let start = open + 1;
      for (const comma of [...commas, i]) {
        options.push(pattern.slice(start, comma));
        start = comma + 1;
      }
      return options.flatMap((option) => expandBraces(pattern.slice(0, open) + option + pattern.slice(i + 1)));
    } else if (pattern[i] === ',' && depth === 1) commas.push(i);
  }
  return [pattern]; // an unclosed brace is a brace
}

/** A glob (braces expanded) as a regular expression over '/'-separated relative paths. */
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
        source += `[${glob.slice(i + 1, close).replace(/^!/, '^').replace(/\\/g, '\\\\')}]`;
        i = close;
      }
    } else source += character.replace(/[.+^$(){}|\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}
