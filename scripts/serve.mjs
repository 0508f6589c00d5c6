#!/usr/bin/env node
// A tiny static file server for the built site (dist/ by default), bound to 127.0.0.1.
// Serves FILE.br or FILE.gz (written by `make dist`, scripts/precompress.mjs) in place of FILE
// when the browser accepts that encoding and the copy is not older than FILE, with
// Content-Encoding and Vary: Accept-Encoding; content-hashed data files (pkg/data/*.<hash>.json)
// may be cached for good.
//   node scripts/serve.mjs [ROOT] [--port N]     (PORT env var also works; 0 = any free port)
// Also importable: `const { url, close } = await serve({ root, port: 0 })` (used by the e2e tests).
import { createServer } from 'node:http';
import { createReadStream, promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.ftl': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

// Same policy as the <meta> in index.html, sent as a header too.
export const CSP =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; " +
  "object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

// A file whose name holds its content's hash never changes under that name.
const HASHED = /\.[0-9a-f]{16}\.[a-z]+$/;

/** Which encodings `accept` (an Accept-Encoding header) allows, as a set of names. */
function accepted(accept = '') {
  const names = new Set();
  for (const part of accept.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    if (name && !(q && Number(q.slice(2)) === 0)) names.add(name);
  }
  return names;
}

/** The file to send for `target`: its .br or .gz copy when accepted and current, else itself. */
async function precompressed(target, stat, accept) {
  const ok = accepted(accept);
  for (const [encoding, ext] of [['br', '.br'], ['gzip', '.gz']]) {
    if (!ok.has(encoding)) continue;
    const copy = await fs.stat(target + ext).catch(() => null);
    // An older copy belongs to an earlier version of the file: never serve it.
    if (copy && copy.isFile() && copy.mtimeMs >= stat.mtimeMs) return { file: target + ext, size: copy.size, encoding };
  }
  return { file: target, size: stat.size, encoding: null };
}

// `csp: false` leaves out the Content-Security-Policy header (`make bench-web` serves SurveyJS,
// which sets inline styles, next to OpenFEM).
export function serve({ root = 'dist', port = 0, host = '127.0.0.1', log = false, csp = true } = {}) {
  const base = path.resolve(root);
  const server = createServer(async (req, res) => {
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { Allow: 'GET, HEAD' }).end();
        return;
      }
      const url = new URL(req.url, 'http://localhost');
      let rel = decodeURIComponent(url.pathname);
      if (rel.endsWith('/')) rel += 'index.html';
      const file = path.join(base, path.normalize(rel));
      if (file !== base && !file.startsWith(base + path.sep)) {
        res.writeHead(403).end('forbidden');
        return;
      }
      let stat = await fs.stat(file).catch(() => null);
      let target = file;
      if (stat && stat.isDirectory()) {
        target = path.join(file, 'index.html');
        stat = await fs.stat(target).catch(() => null);
      }
      if (!stat || !stat.isFile()) {
        res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('not found');
        if (log) console.log(`404 ${req.url}`);
        return;
      }
      const { file: body, size, encoding } = await precompressed(target, stat, req.headers['accept-encoding']);
      const headers = {
        'Content-Type': MIME[path.extname(target).toLowerCase()] || 'application/octet-stream',
        'Content-Length': size,
        'Cache-Control': HASHED.test(target) ? 'public, max-age=31536000, immutable' : 'no-cache',
        'X-Content-Type-Options': 'nosniff',
        ...(csp ? { 'Content-Security-Policy': CSP } : {}),
        Vary: 'Accept-Encoding',
      };
      if (encoding) headers['Content-Encoding'] = encoding;
      res.writeHead(200, headers);
      if (req.method === 'HEAD') res.end();
      else createReadStream(body).pipe(res);
      if (log) console.log(`200 ${req.url}`);
    } catch (err) {
      res.writeHead(500).end(String(err));
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const { port: actual } = server.address();
      resolve({
        server,
        port: actual,
        url: `http://${host}:${actual}/`,
        close: () => new Promise((r) => server.close(() => r())),
      });
    });
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const args = process.argv.slice(2);
  let root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist');
  let port = Number(process.env.PORT ?? 8080);
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--port') port = Number(args[++i]);
    else root = args[i];
  }
  const { url } = await serve({ root, port, log: !!process.env.VERBOSE });
  console.log(`OpenFEM is served from ${path.relative(process.cwd(), path.resolve(root)) || '.'} at ${url}  (Ctrl-C to stop)`);
}
