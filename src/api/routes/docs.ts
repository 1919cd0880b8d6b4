import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Hono } from 'hono';
import { projectFile } from '../../project-files.ts';

const require = createRequire(import.meta.url);
const swaggerUiDir = dirname(require.resolve('swagger-ui-dist/package.json'));
const swaggerUiVersion = (require('swagger-ui-dist/package.json') as { version: string }).version;
const ownFile = (name: string) => projectFile(`src/api/docs/${name}`);

/** Versioned paths never change content, so browsers may keep them for a year. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';
/** The service's own files change with a deploy: revalidate each time (cheap with the ETag-less 200s here). */
const REVALIDATE = 'no-cache';

/** Swagger UI's files the docs page loads (and their source maps for devtools), from the locked npm package. */
const swaggerUiAssets: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui.css.map': 'application/json',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'swagger-ui-bundle.js.map': 'application/json',
};

export const DOCS_ASSETS_PATH = `/docs/assets/${swaggerUiVersion}`;

const cache = new Map<string, Buffer>();
/** Read once, on first use: the bundle is 1.5 MB and most processes never serve it. */
function file(path: string): Buffer {
  let body = cache.get(path);
  if (!body) cache.set(path, (body = readFileSync(path)));
  return body;
}

/** `/docs` (Swagger UI over `/openapi.json`, all assets served here) and the favicon. */
export function docsRoutes() {
  const app = new Hono();
  const page = readFileSync(ownFile('docs.html'), 'utf8').replaceAll('{{assets}}', DOCS_ASSETS_PATH);

  app.get('/docs', (c) => c.html(page, 200, { 'cache-control': REVALIDATE }));
  app.get('/docs/docs-init.js', (c) =>
    c.body(new Uint8Array(file(ownFile('docs-init.js'))), 200, {
      'content-type': 'text/javascript; charset=utf-8',
      'cache-control': REVALIDATE,
    }),
  );
  app.get('/docs/assets/:version/:name', (c) => {
    const { version, name } = c.req.param();
    const type = swaggerUiAssets[name];
    if (version !== swaggerUiVersion || !type) {
      return c.json({ error: { code: 'not_found', message: `no asset ${c.req.path}` } }, 404);
    }
    return c.body(new Uint8Array(file(join(swaggerUiDir, name))), 200, { 'content-type': type, 'cache-control': IMMUTABLE });
  });

  app.get('/favicon.svg', (c) =>
    c.body(new Uint8Array(file(ownFile('favicon.svg'))), 200, {
      'content-type': 'image/svg+xml',
      'cache-control': 'public, max-age=86400',
    }),
  );
  // browsers ask for /favicon.ico on pages without an icon link (JSON in a tab, for one)
  app.get('/favicon.ico', (c) => c.redirect('/favicon.svg', 301));
  return app;
}
