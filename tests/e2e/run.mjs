#!/usr/bin/env node
// Runs the browser tests (tests/e2e/*.test.mjs) one file at a time with node's test runner,
// prints the spec report, then one summary line that CI reads: `e2e: N passed, M failed`.
//   node tests/e2e/run.mjs [FILE...]
import { run } from 'node:test';
import { spec } from 'node:test/reporters';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const files = process.argv.slice(2).length
  ? process.argv.slice(2).map((f) => path.resolve(f))
  : readdirSync(here).filter((f) => f.endsWith('.test.mjs')).sort().map((f) => path.join(here, f));

let passed = 0;
let failed = 0;
const stream = run({ files, concurrency: 1, timeout: 5 * 60_000 });
stream.on('test:pass', (d) => { if (d.details?.type !== 'suite' && !d.skip && !d.todo) passed++; });
stream.on('test:fail', (d) => { if (d.details?.type !== 'suite') failed++; });
const reporter = stream.compose(typeof spec === 'function' && spec.prototype ? new spec() : spec);
reporter.pipe(process.stdout, { end: false });
reporter.on('end', () => {
  if (files.length === 0) failed++;
  console.log(`e2e: ${passed} passed, ${failed} failed`);
  process.exitCode = failed > 0 ? 1 : 0;
});
