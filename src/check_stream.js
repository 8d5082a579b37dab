// The JavaScript half of checkStream() (src/wasm.rs): the bytes of any stream through a
// BatchChecker. A stream's pieces come cut anywhere, often small (a byte at a time, 7 bytes,
// 64 KB); they are gathered into pieces of about PIECE_BYTES before they cross into wasm, and
// the checker itself keeps a line cut in two (even inside a character) until its end comes.
// wasm-bindgen writes this file as an ES module; scripts/snippets-for-node.sh makes its last
// line CommonJS for the nodejs build.

/** About this many bytes cross into wasm at a time (as the command line pushes them). */
const PIECE_BYTES = 1 << 16;

/** The pieces of `source`: a Node Readable, a Web ReadableStream, or any (async) iterable. */
function piecesOf(source) {
  if (source !== null && typeof source === 'object') {
    if (typeof source[Symbol.asyncIterator] === 'function') return source[Symbol.asyncIterator]();
    // A Web ReadableStream without async iteration (Safari before 18, older Chromium).
    if (typeof source.getReader === 'function') {
      const reader = source.getReader();
      return { next: () => reader.read(), return: async () => { await reader.cancel(); return { done: true }; } };
    }
    if (typeof source[Symbol.iterator] === 'function') return source[Symbol.iterator]();
  }
  throw new TypeError(`checkStream(source): source must be a Node Readable, a Web ReadableStream or an async iterable of Uint8Array or string pieces, not ${describe(source)}`);
}

function describe(value) {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? `an object (${Object.prototype.toString.call(value).slice(8, -1)})` : `a ${typeof value}`;
}

/**
 * Pieces as bytes: strings encoded (a piece that ends inside a surrogate pair keeps its half
 * for the next), any typed array or buffer viewed as bytes.
 */
class Bytes {
  constructor() {
    this.encoder = new TextEncoder();
    this.highSurrogate = '';
  }

  of(piece) {
    // A half pair followed by bytes never finds its other half: it goes first, as U+FFFD.
    if (typeof piece !== 'string') return this.highSurrogate ? concat(this.rest(), bytesOf(piece)) : bytesOf(piece);
    let text = this.highSurrogate + piece;
    this.highSurrogate = '';
    const last = text.charCodeAt(text.length - 1);
    if (last >= 0xd800 && last <= 0xdbff) {
      this.highSurrogate = text.slice(-1);
      text = text.slice(0, -1);
    }
    return this.encoder.encode(text);
  }

  /** A half pair that never found its other half, as TextEncoder writes it (U+FFFD). */
  rest() {
    const bytes = this.encoder.encode(this.highSurrogate);
    this.highSurrogate = '';
    return bytes;
  }
}

function concat(first, second) {
  const joined = new Uint8Array(first.length + second.length);
  joined.set(first);
  joined.set(second, first.length);
  return joined;
}

function bytesOf(piece) {
  if (piece instanceof Uint8Array) return piece;
  if (ArrayBuffer.isView(piece)) return new Uint8Array(piece.buffer, piece.byteOffset, piece.byteLength);
  if (piece instanceof ArrayBuffer) return new Uint8Array(piece);
  throw new TypeError(`checkStream(source): each piece of the stream must be a Uint8Array or a string, not ${describe(piece)}`);
}

/** Gathers pieces into one reused buffer, so small pieces make no garbage and few calls. */
class Gather {
  constructor() {
    this.bytes = new Uint8Array(PIECE_BYTES * 2);
    this.length = 0;
  }

  add(bytes) {
    if (this.length + bytes.length > this.bytes.length) {
      const larger = new Uint8Array(Math.max(this.length + bytes.length, this.bytes.length * 2));
      larger.set(this.view());
      this.bytes = larger;
    }
    this.bytes.set(bytes, this.length);
    this.length += bytes.length;
  }

  view() {
    return this.bytes.subarray(0, this.length);
  }
}

/**
 * Pushes every piece of `source` into `checker` and resolves to its summary; `onRecord(row,
 * diagnostics)`, when given, is called for each record in order, with its findings.
 */
async function drainStream(source, checker, onRecord) {
  const pieces = piecesOf(source);
  const bytes = new Bytes();
  const gathered = new Gather();
  // Findings about the text rather than a record go with the summary's, never dropped.
  const aboutTheText = [];
  const deliver = (chunk) => {
    for (const diagnostic of chunk.diagnostics) if (diagnostic.record === undefined) aboutTheText.push(diagnostic);
    if (!onRecord) return;
    const byRecord = new Map();
    for (const diagnostic of chunk.diagnostics) {
      const list = byRecord.get(diagnostic.record);
      if (list) list.push(diagnostic);
      else byRecord.set(diagnostic.record, [diagnostic]);
    }
    for (const row of chunk.records) onRecord(row, byRecord.get(row.record) ?? []);
  };
  try {
    for (;;) {
      const step = await pieces.next();
      if (step.done) break;
      gathered.add(bytes.of(step.value));
      if (gathered.length >= PIECE_BYTES) {
        deliver(checker.pushNdjson(gathered.view()));
        gathered.length = 0;
      }
    }
  } catch (error) {
    await pieces.return?.();
    checker.free();
    throw error;
  }
  let summary;
  try {
    gathered.add(bytes.rest());
    if (gathered.length > 0) deliver(checker.pushNdjson(gathered.view()));
    summary = checker.finish();
  } finally {
    // finish() ends the session; free() releases the object itself.
    checker.free();
  }
  deliver(summary.last);
  summary.diagnostics.unshift(...aboutTheText);
  return summary;
}

export { drainStream };
