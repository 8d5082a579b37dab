// How findings are printed: compiler-style text (the default), GitHub Actions workflow
// commands, SARIF 2.1.0 (GitHub code scanning and other viewers) and JUnit XML (GitLab,
// Jenkins, Azure). Each reporter takes findings as they come and inputs as they end, and
// gives the text to print: text and GitHub lines at once, SARIF and JUnit at the end, as each
// is one document.
//
// A finding is { d (the diagnostic), file (where it is), where (e.g. "record 2, SCIM body
// /title", when it has no line in `file`), end ({ line, column } where it ends), users (how
// many users a mapping finding concerns), record, login }.
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';

const SEVERITY_COLOR = { error: '1;31', warning: '1;33', info: '1;36' };
const plural = (count, word) => `${count.toLocaleString('en-US')} ${word}${count === 1 ? '' : 's'}`;
const messageOf = (finding) => (finding.users > 1 ? `${finding.d.message} (${plural(finding.users, 'user')})` : finding.d.message);

/**
 * The reporter for `format`: `finding(f)` and `end(total)` give the text to print (maybe ''),
 * `input(summary)` says an input has ended. `paint(code, text)` colours when colours are on.
 */
export function createReporter(format, context) {
  const make = { text: textReporter, github: githubReporter, sarif: sarifReporter, junit: junitReporter }[format];
  return make(context);
}

/** The line that ends a text run: inputs, records or users, and the counts. */
export function totalLine(total, simulated) {
  const counted = simulated ? `${plural(total.records, 'user')} simulated` : plural(total.records, 'record');
  const records = total.records > 0 ? `, ${counted}` : '';
  return `${plural(total.files, 'input')}${records}: ${plural(total.error, 'error')}, ${plural(total.warning, 'warning')}, ${plural(total.info, 'note')}`;
}

function textReporter({ paint, simulated }) {
  return {
    finding: (finding) => textLine(finding, paint),
    input: () => {},
    end: (total) => (total.files > 0 ? `${paint(total.error > 0 ? '1;31' : '1;32', totalLine(total, simulated))}\n` : ''),
  };
}

export function textLine(finding, paint = (_, text) => text) {
  const { d } = finding;
  const where = finding.where !== undefined ? `${finding.file}: ${finding.where}` : d.line ? `${finding.file}:${d.line}:${d.column}` : finding.file;
  const head = `${paint('1', `${where}:`)} ${paint(SEVERITY_COLOR[d.severity], `${d.severity}[${d.code}]`)}: ${messageOf(finding)}\n`;
  return d.hint ? `${head}  ${paint('2', `hint: ${d.hint}`)}\n` : head;
}

// GitHub Actions: https://docs.github.com/actions/reference/workflow-commands-for-github-actions
const GITHUB_COMMAND = { error: 'error', warning: 'warning', info: 'notice' };
const escapeData = (text) => text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (text) => escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');

function githubReporter({ simulated }) {
  return {
    finding: githubLine,
    input: () => {},
    end: (total) => (total.files > 0 ? `${totalLine(total, simulated)}\n` : ''),
  };
}

export function githubLine(finding) {
  const { d } = finding;
  const properties = [`file=${escapeProperty(finding.file)}`];
  if (finding.where === undefined && d.line) {
    properties.push(`line=${d.line}`, `col=${d.column}`);
    if (finding.end) properties.push(`endLine=${finding.end.line}`, `endColumn=${finding.end.column}`);
  }
  properties.push(`title=${escapeProperty(d.code)}`);
  const message = `${finding.where !== undefined ? `${finding.where}: ` : ''}${messageOf(finding)}${d.hint ? `\n${d.hint}` : ''}`;
  return `::${GITHUB_COMMAND[d.severity]} ${properties.join(',')}::${escapeData(message)}\n`;
}

// SARIF 2.1.0: https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html
const SARIF_LEVEL = { error: 'error', warning: 'warning', info: 'note' };

function sarifReporter({ rules, version, cwd }) {
  const ruleIndex = new Map(rules.map((rule, index) => [rule.code, index]));
  const results = [];
  return {
    finding(finding) {
      results.push(sarifResult(finding, ruleIndex, cwd));
      return '';
    },
    input: () => {},
    end: () => `${JSON.stringify(sarifLog(rules, results, version, cwd), null, 2)}\n`,
  };
}

function sarifLog(rules, results, version, cwd) {
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'scim-preflight',
          version,
          informationUri: 'https://www.npmjs.com/package/scim-preflight',
          rules: rules.map((rule) => ({
            id: rule.code,
            shortDescription: { text: rule.summary },
            fullDescription: { text: rule.summary },
            help: { text: `${rule.summary} Dialpad's provisioning rules, section ${rule.section}; every rule is listed in docs/rules.md of the scim-preflight package.` },
            defaultConfiguration: { level: SARIF_LEVEL[rule.severity] },
            properties: { section: rule.section },
          })),
        },
      },
      originalUriBaseIds: { SRCROOT: { uri: `${pathToFileURL(cwd).href.replace(/\/?$/, '/')}` } },
      // Columns count UTF-16 code units, as JavaScript strings and the diagnostics do.
      columnKind: 'utf16CodeUnits',
      results,
    }],
  };
}

function sarifResult(finding, ruleIndex, cwd) {
  const { d } = finding;
  const physicalLocation = { artifactLocation: artifactOf(finding.file, cwd) };
  if (finding.where === undefined && d.line) {
    physicalLocation.region = { startLine: d.line, startColumn: d.column };
    if (finding.end) Object.assign(physicalLocation.region, { endLine: finding.end.line, endColumn: finding.end.column });
  }
  const location = { physicalLocation };
  // The JSON Pointer of the value: where in the record, whatever the file's layout.
  if (d.path) location.logicalLocations = [{ fullyQualifiedName: d.path, kind: 'value' }];
  const result = {
    ruleId: d.code,
    level: SARIF_LEVEL[d.severity],
    message: { text: `${finding.where !== undefined ? `${finding.where}: ` : ''}${messageOf(finding)}${d.hint ? ` ${d.hint}` : ''}` },
    locations: [location],
  };
  if (ruleIndex.has(d.code)) result.ruleIndex = ruleIndex.get(d.code);
  if (d.suggestion !== undefined) result.properties = { suggestion: d.suggestion };
  return result;
}

/**
 * A file as SARIF locates it: a relative URI under the working directory (%SRCROOT%), each
 * name percent-encoded (a "#" or "?" in a name is not a fragment or query); elsewhere a file URL.
 */
function artifactOf(file, cwd) {
  if (file === '<stdin>') return { uri: 'stdin' };
  const absolute = resolve(cwd, file);
  const inside = relative(cwd, absolute);
  if (inside !== '' && !inside.startsWith(`..${sep}`) && inside !== '..' && !isAbsolute(inside)) {
    return { uri: inside.split(sep).map(encodeURIComponent).join('/'), uriBaseId: 'SRCROOT' };
  }
  return { uri: pathToFileURL(absolute).href };
}

// JUnit XML as GitLab, Jenkins and Azure read it: a testsuite per input, a testcase per record
// (or simulated user), a failure per error; warnings and notes in the testcase's system-out.
function junitReporter() {
  const suites = [];
  let current = null;
  // A finding about no one record is about the file it is in (the input, or the mapping).
  const keyOf = (record, file) => (record === undefined ? `whole ${file}` : `record ${record}`);
  const caseOf = (finding) => {
    current ??= { cases: new Map() };
    const key = keyOf(finding.record, finding.file);
    if (!current.cases.has(key)) current.cases.set(key, { name: finding.record === undefined ? `${finding.file} as a whole` : `record ${finding.record}`, failures: [], notes: [] });
    return current.cases.get(key);
  };
  return {
    finding(finding) {
      const testcase = caseOf(finding);
      if (finding.login && !testcase.login) testcase.login = finding.login;
      (finding.d.severity === 'error' ? testcase.failures : testcase.notes).push(finding);
      return '';
    },
    /** `rows`: [{ record, line, login }] of every record of the input, passing or not. */
    input(summary) {
      current ??= { cases: new Map() };
      const cases = [];
      for (const row of summary.rows) {
        const key = keyOf(row.record, summary.name);
        const testcase = current.cases.get(key) ?? { failures: [], notes: [] };
        current.cases.delete(key);
        cases.push({ ...testcase, name: recordName(row, testcase.login ?? row.login) });
      }
      // What is not about one record (the file, the mapping), and records without a row.
      for (const testcase of current.cases.values()) cases.push(testcase);
      suites.push({ name: summary.name, cases });
      current = null;
    },
    end: () => junitXml(suites),
  };
}

const recordName = (row, login) => `${row.record === undefined ? 'the record' : `record ${row.record}`}${login ? ` (${login})` : ''}${row.line ? `, line ${row.line}` : ''}`;

function junitXml(suites) {
  const count = (cases, pick) => cases.reduce((sum, testcase) => sum + pick(testcase), 0);
  const all = suites.flatMap((suite) => suite.cases);
  const out = ['<?xml version="1.0" encoding="UTF-8"?>\n', `<testsuites name="scim-preflight" tests="${all.length}" failures="${count(all, (c) => (c.failures.length > 0 ? 1 : 0))}" errors="0">\n`];
  for (const suite of suites) {
    const failed = count(suite.cases, (c) => (c.failures.length > 0 ? 1 : 0));
    out.push(`  <testsuite name="${xmlAttribute(suite.name)}" tests="${suite.cases.length}" failures="${failed}" errors="0" skipped="0">\n`);
    for (const testcase of suite.cases) {
      out.push(`    <testcase classname="${xmlAttribute(suite.name)}" name="${xmlAttribute(testcase.name)}">`);
      for (const failure of testcase.failures) out.push(`\n      <failure type="${xmlAttribute(failure.d.code)}" message="${xmlAttribute(messageOf(failure))}">${xml(textLine(failure))}</failure>`);
      if (testcase.notes.length > 0) out.push(`\n      <system-out>${xml(testcase.notes.map((note) => textLine(note)).join(''))}</system-out>`);
      out.push(testcase.failures.length + testcase.notes.length > 0 ? '\n    </testcase>\n' : '</testcase>\n');
    }
    out.push('  </testsuite>\n');
  }
  out.push('</testsuites>\n');
  return out.join('');
}

/** Text in XML: escaped, and without the characters XML 1.0 cannot hold. */
const xml = (text) => String(text)
  // eslint-disable-next-line no-control-regex
  .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
  .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Text in an XML attribute: line breaks and tabs as references, or a parser makes them spaces. */
const xmlAttribute = (text) => xml(text).replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
