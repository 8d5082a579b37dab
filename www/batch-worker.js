// Checks a whole file off the page's thread. NDJSON is streamed from disk in pieces of whole
// lines (with progress), so a file of any size keeps memory flat; another format is read whole,
// or, over the core's limit, refused unread. The page cancels by terminating the worker.
import init, { BatchChecker, limits } from './pkg/scim_preflight.js';

const ready = init();
/** Pieces of about this many bytes (or characters, for pasted text) cross into wasm at a time. */
const PIECE = 1 << 20;
/** Enough of a file to tell NDJSON from the other formats. */
const SNIFF_BYTES = 64 * 1024;

function looksLikeNdjson(text) {
  const lines = text.trimStart().split('\n', 3).filter((line) => line.trim() !== '');
  if (lines.length < 2 || !lines[1].trimStart().startsWith('{')) return false;
  try { JSON.parse(lines[0]); return true; } catch { return false; }
}

const post = (chunk, done, total) => self.postMessage({ type: 'chunk', chunk, done, total });

/** Pushes `bytes` up to their last newline; returns what is left for the next piece. */
function pushWholeLines(checker, bytes, done, total) {
  const cut = bytes.lastIndexOf(0x0a) + 1;
  // A line longer than a piece waits for its end, up to the limit of one call.
  if (cut === 0 && bytes.length < limits().maxBytes) return bytes;
  const end = cut === 0 ? bytes.length : cut;
  post(checker.pushNdjson(bytes.subarray(0, end)), done, total);
  return bytes.subarray(end);
}

function concat(parts, size) {
  if (parts.length === 1) return parts[0];
  const joined = new Uint8Array(size);
  let at = 0;
  for (const part of parts) {
    joined.set(part, at);
    at += part.length;
  }
  return joined;
}

/** NDJSON goes into wasm as the file's own bytes: the core decodes them (bytes that are not
 * UTF-8 read as U+FFFD, as TextDecoder would), so no string is made here. */
async function streamNdjson(checker, file) {
  const reader = file.stream().getReader();
  let parts = [];
  let size = 0;
  let done = 0;
  for (;;) {
    const { value, done: ended } = await reader.read();
    if (ended) break;
    done += value.byteLength;
    parts.push(value);
    size += value.byteLength;
    // Only a read that brings a line end can be cut (what is left after a cut has none): the
    // bytes of a line longer than a piece are joined once, when it ends, not on every read.
    if (size >= PIECE && (value.includes(0x0a) || size >= limits().maxBytes)) {
      const rest = pushWholeLines(checker, concat(parts, size), done, file.size);
      parts = [rest];
      size = rest.length;
    }
  }
  if (size > 0) post(checker.pushNdjson(concat(parts, size)), file.size, file.size);
}

function checkText(checker, text) {
  if (looksLikeNdjson(text)) {
    for (let start = 0; start < text.length;) {
      const cut = text.lastIndexOf('\n', start + PIECE);
      const end = cut < start ? text.length : cut + 1;
      post(checker.pushNdjson(text.slice(start, end)), end, text.length);
      start = end;
    }
  } else {
    post(checker.pushText(text), text.length, text.length);
  }
}

async function checkFile(checker, file) {
  if (looksLikeNdjson(await file.slice(0, SNIFF_BYTES).text())) return streamNdjson(checker, file);
  if (file.size > limits().maxBytes) return post(checker.pushTooLarge(file.size), file.size, file.size);
  return checkText(checker, await file.text());
}

self.onmessage = async ({ data: { file, text, offices } }) => {
  try {
    await ready;
    const checker = new BatchChecker(offices ? { offices } : undefined);
    if (file) await checkFile(checker, file);
    else checkText(checker, text);
    self.postMessage({ type: 'done', summary: checker.finish() });
  } catch (error) {
    self.postMessage({ type: 'failed', message: String(error?.message ?? error) });
  }
};
