// The two ends of a validate() call that cost most for one record. Text goes into wasm memory
// with the engine's own UTF-8 encoder: wasm-bindgen's string parameters copy an ASCII text one
// character at a time in JavaScript, a sixth of the call. The report comes back as its parts,
// and JSON text only for its diagnostics: a clean report needs no JSON.parse at all.
// wasm-bindgen writes this file as an ES module; scripts/snippets-for-node.sh makes its last
// line CommonJS for the nodejs build.

const encoder = new TextEncoder();

/** Writes `text` as UTF-8 into `target` (a view of wasm memory); the bytes written, or -1
 * when `target` is too short for all of it. */
function encodeText(text, target) {
  const { read, written } = encoder.encodeInto(text, target);
  return read === text.length ? written : -1;
}

/** Kind's names, in the order of `Kind::ALL` (src/input.rs; a test compares them). */
const KINDS = ['okta-user', 'scim-user', 'scim-patch', 'app-schema', 'batch', 'unknown'];

/** A Report from its parts: the kind by its place in KINDS, and the diagnostics as JSON text,
 * undefined when there are none. */
function makeReport(kind, error, warning, info, diagnostics) {
  return { ok: error === 0, kind: KINDS[kind], counts: { error, warning, info }, diagnostics: diagnostics === undefined ? [] : JSON.parse(diagnostics) };
}

export { encodeText, makeReport };
