// Starts compiling the checker's wasm while it downloads, before the page's own modules have
// loaded: a module script with no imports runs as soon as the page is parsed, where app.js
// waits for its whole import graph. app.js hands the compiled module to init().
globalThis.scimPreflightWasm = WebAssembly.compileStreaming(fetch(new URL('./pkg/scim_preflight_bg.wasm', import.meta.url)))
  // A failure here is not the page's: init() then fetches and compiles the wasm itself.
  .catch(() => undefined);
