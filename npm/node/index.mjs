// Node's ES module entry: the same synchronous module as `require('scim-preflight')`.
import { createRequire } from 'node:module';

const core = createRequire(import.meta.url)('./scim_preflight.js');

export const { validate, mapAttributes, resolveOffice, applySuggestions, BatchChecker } = core;
