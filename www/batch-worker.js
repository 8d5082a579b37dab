// Checks a whole file off the page's thread: NDJSON in pieces (with progress), other formats
// in one call. The page cancels by terminating the worker.
import init, { BatchChecker } from './pkg/scim_preflight.js';

const ready = init();
const LINES_PER_PIECE = 2000;

/** The end of the piece of whole lines that starts at `start`. */
function pieceEnd(text, start) {
  let end = start;
  for (let lines = 0; lines < LINES_PER_PIECE && end < text.length; lines += 1) {
    const newline = text.indexOf('\n', end);
    end = newline === -1 ? text.length : newline + 1;
  }
  return end;
}

function looksLikeNdjson(text) {
  const lines = text.trimStart().split('\n', 3).filter((line) => line.trim() !== '');
  if (lines.length < 2 || !lines[1].trimStart().startsWith('{')) return false;
  try { JSON.parse(lines[0]); return true; } catch { return false; }
}

self.onmessage = async ({ data: { text, offices } }) => {
  try {
    await ready;
    const checker = new BatchChecker(offices ? { offices } : undefined);
    if (looksLikeNdjson(text)) {
      for (let start = 0; start < text.length;) {
        const end = pieceEnd(text, start);
        const chunk = checker.pushNdjson(text.slice(start, end));
        self.postMessage({ type: 'chunk', chunk, done: end, total: text.length });
        start = end;
      }
    } else {
      self.postMessage({ type: 'chunk', chunk: checker.pushText(text), done: text.length, total: text.length });
    }
    self.postMessage({ type: 'done', summary: checker.finish() });
  } catch (error) {
    self.postMessage({ type: 'failed', message: String(error?.message ?? error) });
  }
};
