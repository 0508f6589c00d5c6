#!/usr/bin/env node
// Writes FILE.br (Brotli, best) and FILE.gz (gzip -9) beside every text and wasm file under DIR,
// for hosts that serve precompressed files (scripts/serve.mjs, nginx `gzip_static`/`brotli_static`,
// Caddy `precompressed`; docs/web-build.md, "Hosting"). Compressing once at build time lets
// Brotli use its slowest, smallest setting, which a server compressing per request cannot afford.
//   node scripts/precompress.mjs DIR
import { promises as fs } from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { pathToFileURL } from 'node:url';

const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.wasm', '.svg', '.webmanifest', '.txt']);

async function* files(dir) {
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* files(full);
    else if (COMPRESSIBLE.has(path.extname(entry.name).toLowerCase())) yield full;
  }
}

export function brotli(data) {
  return zlib.brotliCompressSync(data, {
    params: {
      [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length,
      [zlib.constants.BROTLI_PARAM_LGWIN]: 24,
    },
  });
}

export function gzip(data) {
  return zlib.gzipSync(data, { level: 9 });
}

/** Writes the .br and .gz copies for every compressible file under `dir`. */
export async function precompressDir(dir) {
  for await (const file of files(dir)) {
    const data = await fs.readFile(file);
    // A compressed copy no smaller than the file would only cost the host a lookup.
    for (const [ext, compress] of [['.br', brotli], ['.gz', gzip]]) {
      const packed = compress(data);
      if (packed.length < data.length) await fs.writeFile(file + ext, packed);
    }
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const dir = process.argv[2];
  if (!dir) {
    console.error('usage: node scripts/precompress.mjs DIR');
    process.exit(2);
  }
  await precompressDir(dir);
}
