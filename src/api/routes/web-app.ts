import { existsSync, readFileSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import { Hono } from 'hono';
import { IMMUTABLE } from './docs.ts';
import { projectFile } from '../../project-files.ts';

const dist = projectFile('web/dist/');

const types: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

/**
 * The web app (web/, built by `npm run build:web` into web/dist) at `/` and its pages under `/app/…`
 * (client-side routes, so they never collide with the JSON API's paths). Vite puts a content hash in
 * every asset name, so `/assets/*` is cached for a year; the page itself is revalidated each time.
 */
export function webAppRoutes() {
  const app = new Hono();
  const page = () =>
    existsSync(join(dist, 'index.html'))
      ? readFileSync(join(dist, 'index.html'), 'utf8')
      : '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Survey Dialer</title></head><body><main><h1>The web app is not built</h1><p>Run <code>npm run build:web</code>.</p></main></body></html>';
  let cached: string | null = null;
  const shell = () => (cached ??= page());

  app.get('/', (c) => c.html(shell(), 200, { 'cache-control': 'no-cache' }));
  app.get('/app', (c) => c.html(shell(), 200, { 'cache-control': 'no-cache' }));
  app.get('/app/*', (c) => c.html(shell(), 200, { 'cache-control': 'no-cache' }));
  app.get('/assets/:name', (c) => {
    const name = c.req.param('name');
    const path = normalize(join(dist, 'assets', name));
    const type = types[extname(name)];
    if (!type || !path.startsWith(join(dist, 'assets')) || !existsSync(path)) {
      return c.json({ error: { code: 'not_found', message: `no asset ${c.req.path}` } }, 404);
    }
    return c.body(new Uint8Array(readFileSync(path)), 200, { 'content-type': type, 'cache-control': IMMUTABLE });
  });
  return app;
}
