// The wasm boundary's half of simulate(): the Simulation objects, built from the compact text
// `write_wire` (src/simulate.rs) makes. Each expression, attribute name and list of reads comes
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

function inflateSimulations(text) {
  const wire = JSON.parse(text);
  const { attributes, expressions, reads } = wire;
  const simulations = wire.simulations.map(([record, login, values, readIds, flags, request, report, diagnostics, userDiagnostics]) => {
    const appUser = {};
    if (values !== null) {
      for (let i = 0; i < attributes.length; i += 1) {
        const entry = { value: values[i], expression: expressions[i], reads: reads[readIds[i]].slice() };
        if (flags[i] & 2) entry.unknown = true;
        entry.sent = (flags[i] & 1) === 1;
        set(appUser, attributes[i], entry);
      }
    }
    const simulation = record === null ? {} : { record };
    simulation.login = login;
    simulation.appUser = appUser;
    simulation.request = request === null ? null : { method: request[0], path: request[1], body: body(wire, values, flags, request[2]) };
    simulation.report = report === 0 ? CLEAN() : report;
    simulation.diagnostics = diagnostics;
    simulation.userDiagnostics = userDiagnostics;
    return simulation;
  });
  return wire.batch ? simulations : simulations[0];
}

export { inflateSimulations };
