// The wasm boundary's half of simulate(): the Simulation objects, built from the compact lines
// `simulate_to_wire` (src/simulate/wire.rs) makes. Each expression, attribute name and list of reads comes
// once for all users, and each body is built again from the user's values as `Body`
// (src/scim_body.rs) builds it, which costs far less than JSON.parse of everything written out.
// A wasm test checks the objects equal the core's simulations written in full.
// wasm-bindgen writes this file as an ES module; scripts/snippets-for-node.sh makes its last
// line CommonJS for the nodejs build.

const CORE = 'urn:ietf:params:scim:schemas:core:2.0:User';

/** Sets a member, also one named "__proto__", as JSON.parse would: an own data property. */
function set(object, key, value) {
  if (key === '__proto__') Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  else object[key] = value;
}

const own = (object, key) => Object.prototype.hasOwnProperty.call(object, key);
const isObject = (value) => value !== null && typeof value === 'object' && !Array.isArray(value);

/** A value of the app user put in the body: its own copy when it is an array or object. */
const copy = (value) => (value !== null && typeof value === 'object' ? structuredClone(value) : value);

/** Puts `value` where the steps lead: [0, key] a member, [1, array, key, value] the element
 * of an array whose key holds value (made when there is none). */
function put(object, steps, value) {
  for (let s = 0; s < steps.length; s += 1) {
    const step = steps[s];
    if (step[0] === 0) {
      if (s === steps.length - 1) { set(object, step[1], value); return; }
      if (!own(object, step[1])) set(object, step[1], {});
      object = object[step[1]];
    } else {
      if (!own(object, step[1])) set(object, step[1], []);
      const items = object[step[1]];
      let item = items.find((candidate) => isObject(candidate) && own(candidate, step[2]) && candidate[step[2]] === step[3]);
      if (item === undefined) {
        item = {};
        set(item, step[2], step[3]);
        items.push(item);
      }
      object = item;
    }
  }
}

function body(wire, values, flags, externalId) {
  const core = {};
  const extensions = [];
  for (const index of wire.order) {
    const path = wire.paths[index];
    if (path === null || (flags[index] & 1) === 0) continue;
    let object = core;
    if (path[0] !== null) {
      let extension = extensions.find(([urn]) => urn === path[0]);
      if (!extension) extensions.push((extension = [path[0], {}]));
      object = extension[1];
    }
    put(object, path[1], copy(values[index]));
  }
  const built = { schemas: [CORE, ...extensions.map(([urn]) => urn)] };
  for (const key of Object.keys(core)) set(built, key, core[key]);
  if (externalId !== null) built.externalId = externalId;
  built.active = true;
  for (const [urn, object] of extensions) set(built, urn, object);
  return built;
}

const CLEAN = () => ({ ok: true, kind: 'scim-user', counts: { error: 0, warning: 0, info: 0 }, diagnostics: [] });

/** The members of a simulation after `record` and `login`, built together when one is first read. */
const LAZY = ['appUser', 'request', 'report', 'diagnostics', 'userDiagnostics'];

/** A finding of a line made whole: one written as `[number, place]` says what an earlier
 * finding said, whose text (`said` holds where it is in the wire) is parsed again with this
 * place, so that each finding is an object of its own with its members in their order. */
function whole(wire, finding) {
  if (!Array.isArray(finding)) return finding;
  const [number, place] = finding;
  let texts = wire.saidTexts[number];
  if (texts === undefined) {
    const at = wire.said.slice(4 * number, 4 * number + 4);
    texts = [decoder.decode(wire.bytes.subarray(at[0], at[1])), decoder.decode(wire.bytes.subarray(at[2], at[3]))];
    wire.saidTexts[number] = texts;
  }
  return JSON.parse(`${texts[0]},${JSON.stringify(place).slice(1, -1)}${texts[1]}`);
}

function wholeAll(wire, findings) {
  for (let i = 0; i < findings.length; i += 1) findings[i] = whole(wire, findings[i]);
  return findings;
}

/** Builds the members of LAZY from a simulation's line of the wire. */
function inflate(wire, line, login) {
  const [values, readSet, flagSet, request, report, diagnostics, userDiagnostics] = JSON.parse(line);
  if (report !== null && report !== 0) wholeAll(wire, report.diagnostics);
  // The lists many users share, written once in the last line, named by number.
  const readIds = wire.readSets[readSet];
  const flags = wire.flagSets[flagSet];
  const { attributes, expressions, reads, remembered } = wire;
  const appUser = {};
  if (values !== null) {
    for (let i = 0; i < attributes.length; i += 1) {
      if (flags[i] & 4) values[i] = remembered[i][values[i]];
      else if (flags[i] & 8) values[i] = login;
    }
    for (let i = 0; i < attributes.length; i += 1) {
      const entry = { value: values[i], expression: expressions[i], reads: reads[readIds[i]].slice() };
      if (flags[i] & 2) entry.unknown = true;
      entry.sent = (flags[i] & 1) === 1;
      set(appUser, attributes[i], entry);
    }
  }
  return {
    appUser,
    request: request === null ? null : { method: wire.method, path: wire.path, body: body(wire, values, flags, request[0]) },
    report: report === 0 ? CLEAN() : report,
    diagnostics: wholeAll(wire, diagnostics),
    userDiagnostics: wholeAll(wire, userDiagnostics),
  };
}

const decoder = new TextDecoder();

// A batch's simulations are built when first read: each is a plain object whose members after
// `record` and `login` (only `appUser` and `request` when it has no findings) are own,
// enumerable accessors (so JSON.stringify, spread, Object.keys and structuredClone see them
// as data) that build all of them from the simulation's line on the first read and keep them.
// Building all 20,000 of a batch at once was a third of the call, for callers that mostly
// read a few. The state sits under a symbol on the object itself, not in a map keyed by
// `this`, so the accessors also work through a Proxy that passes its own receiver (a
// framework's reactive wrapper) and on an object that inherits from a simulation.
const STATE = Symbol('simulation line');

/** The built members of `simulation`: built now from its line when this is the first read. */
function members(simulation) {
  const state = simulation[STATE];
  if (state === undefined) return undefined;
  if (state.built === null) {
    state.built = inflate(state.wire, decoder.decode(state.bytes.subarray(state.start, state.end)), state.login);
    // Nothing of the wire is needed once built (the wire itself holds the texts findings
    // refer to: it goes when every simulation of the call is built or gone).
    state.bytes = null;
    state.wire = null;
  }
  return state.built;
}

const ACCESSORS = Object.fromEntries(LAZY.map((key) => [key, {
  get() { return members(this)?.[key]; },
  set(value) {
    const built = members(this);
    if (built !== undefined) built[key] = value;
  },
  enumerable: true,
  configurable: true,
}]));

/** How the line of a simulation without findings ends: a report of `0`, then no diagnostics
 * about the mapping or the user. */
const CLEAN_END = new TextEncoder().encode(',0,[],[]]');

function endsClean(bytes, end) {
  if (end < CLEAN_END.length) return false;
  for (let i = 0; i < CLEAN_END.length; i += 1) if (bytes[end - CLEAN_END.length + i] !== CLEAN_END[i]) return false;
  return true;
}

function lazySimulation(wire, record, login, bytes, start, end) {
  const simulation = record === null ? {} : { record };
  simulation.login = login;
  // Most simulations have no findings: their report and lists are made now, as data, which
  // costs a fifth of defining their accessors (about 90 ns each in V8).
  if (endsClean(bytes, end)) {
    Object.defineProperty(simulation, 'appUser', ACCESSORS.appUser);
    Object.defineProperty(simulation, 'request', ACCESSORS.request);
    simulation.report = CLEAN();
    simulation.diagnostics = [];
    simulation.userDiagnostics = [];
  } else {
    for (const key of LAZY) Object.defineProperty(simulation, key, ACCESSORS[key]);
  }
  Object.defineProperty(simulation, STATE, { value: { wire, bytes, start, end, login, built: null } });
  return simulation;
}

/** The simulations from the wire's UTF-8 lines (a view of wasm memory, copied here): `lines`
 * holds where the last line starts, then each simulation's start and end; a simulation's line
 * is decoded when first read. */
function inflateSimulations(view, lines) {
  const bytes = view.slice();
  const count = (lines.length - 1) / 2;
  const wire = JSON.parse(decoder.decode(bytes.subarray(lines[0])));
  const { records, logins } = wire;
  // The findings' texts referred to are read from the lines when first needed.
  wire.bytes = wire.said.length > 0 ? bytes : null;
  wire.saidTexts = [];
  if (!wire.batch) {
    const one = records[0] === null ? {} : { record: records[0] };
    one.login = logins[0];
    return Object.assign(one, inflate(wire, decoder.decode(bytes.subarray(lines[1], lines[2])), logins[0]));
  }
  const simulations = new Array(count);
  // `records` is null when each simulation is the record at its place.
  for (let i = 0; i < count; i += 1) simulations[i] = lazySimulation(wire, records === null ? i : records[i], logins[i], bytes, lines[1 + 2 * i], lines[2 + 2 * i]);
  return simulations;
}

export { inflateSimulations };
