/** `/static/<file>`: the screens' CSS and script from `public/`, read once at start-up, revalidated by ETag. */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Hono } from 'hono';
import type { AppEnv } from '../context.js';
import { PUBLIC_DIR } from './paths.js';

const TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

interface StaticFile {
  body: Uint8Array<ArrayBuffer>;
  type: string;
  etag: string;
}

export function loadStaticFiles(dir = PUBLIC_DIR): Map<string, StaticFile> {
  const files = new Map<string, StaticFile>();
  if (!fs.existsSync(dir)) return files;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const type = TYPES[path.extname(entry.name)];
    if (!entry.isFile() || !type) continue;
    const bytes = fs.readFileSync(path.join(dir, entry.name));
    const body = new Uint8Array(new ArrayBuffer(bytes.length));
    body.set(bytes);
    const etag = `"${createHash('sha256').update(bytes).digest('base64url').slice(0, 27)}"`;
    files.set(entry.name, { body, type, etag });
  }
  return files;
}

export function registerStatic(app: Hono<AppEnv>): void {
  const files = loadStaticFiles();
  app.get('/static/:file', (c) => {
    const file = files.get(c.req.param('file'));
    if (!file) return c.text('Not found', 404);
    c.header('ETag', file.etag);
    c.header('Cache-Control', 'public, max-age=300, must-revalidate');
    c.header('X-Content-Type-Options', 'nosniff');
    if (c.req.header('if-none-match') === file.etag) return c.body(null, 304);
    c.header('Content-Type', file.type);
    return c.body(file.body, 200);
  });
}
