// Checks a whole file off the page's thread. NDJSON is streamed from disk a read at a time
// (with progress), so a file of any size keeps memory flat; another format is read whole,
// or, over the core's limit, refused unread. The page cancels by terminating the worker.
import init, { BatchChecker, limits } from './pkg/scim_preflight.js';

const ready = init();
/** Pasted NDJSON crosses into wasm about this many characters at a time. */
const PIECE = 1 << 20;
/** Enough of a file to tell NDJSON from the other formats. */
const SNIFF_BYTES = 64 * 1024;

function looksLikeNdjson(text) {
  const lines = text.trimStart().split('\n', 3).filter((line) => line.trim() !== '');
  if (lines.length < 2 || !lines[1].trimStart().startsWith('{')) return false;
  try { JSON.parse(lines[0]); return true; } catch { return false; }
}

const post = (chunk, done, total) => self.postMessage({ type: 'chunk', chunk, done, total });

/** NDJSON goes into wasm as the file's own bytes, each read as it comes: the checker keeps a
 * line cut by a read until its end comes, and decodes the bytes itself (bytes that are not
 * UTF-8 read as U+FFFD, as TextDecoder would), so no string is made here. */
async function streamNdjson(checker, file) {
  const reader = file.stream().getReader();
  let done = 0;
  for (;;) {
    const { value, done: ended } = await reader.read();
    if (ended) break;
    done += value.byteLength;
    post(checker.pushNdjson(value), done, file.size);
  }
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
    const summary = checker.finish();
    // A last line without its newline is checked by finish().
    post(summary.last, 1, 1);
    self.postMessage({ type: 'done', summary });
  } catch (error) {
    self.postMessage({ type: 'failed', message: String(error?.message ?? error) });
  }
};
