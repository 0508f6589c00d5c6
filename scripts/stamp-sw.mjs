#!/usr/bin/env node
// Writes DIR/sw.js from the service worker's source, stamped with what the build ships:
// __OPENFEM_FILES__ becomes { "path": "sha256 hex" } for every file under DIR (the worker checks
// each file it caches against it, so a half-finished deploy is never cached), and
// __OPENFEM_BUILD__ a short hash of that list (the build's id, part of the cache's name).
//   node scripts/stamp-sw.mjs SRC_SW_JS DIR
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';

const [source, dir] = process.argv.slice(2);
if (!source || !dir) {
  console.error('usage: node scripts/stamp-sw.mjs SRC_SW_JS DIR');
  process.exit(2);
}

async function* walk(d) {
  for (const entry of await fs.readdir(d, { withFileTypes: true })) {
    const full = path.join(d, entry.name);
    if (entry.isDirectory()) yield* walk(full);
    else yield full;
  }
}

const files = {};
const paths = [];
for await (const full of walk(dir)) paths.push(full);
for (const full of paths.sort()) {
  const rel = path.relative(dir, full).split(path.sep).join('/');
  if (rel === 'sw.js' || rel.endsWith('.br') || rel.endsWith('.gz')) continue;
  files[rel] = createHash('sha256').update(await fs.readFile(full)).digest('hex');
}
const build = createHash('sha256').update(JSON.stringify(files)).digest('hex').slice(0, 12);
const text = (await fs.readFile(source, 'utf8'))
  .replace('__OPENFEM_BUILD__', build)
  .replace('__OPENFEM_FILES__', JSON.stringify(files, null, 1));
if (text.includes('__OPENFEM_')) throw new Error(`${source}: a placeholder was not stamped`);
await fs.writeFile(path.join(dir, 'sw.js'), text);
