// Node's ES module entry: the same synchronous module as `require('scim-preflight')`. Every
// export is named here (an ES module's names are static); a package test checks that the two
// entries export the same names.
import { createRequire } from 'node:module';

const core = createRequire(import.meta.url)('./scim_preflight.js');

export const { validate, mapAttributes, resolveOffice, applySuggestions, simulate, defaultMapping, limits, rules, checkStream, BatchChecker } = core;
