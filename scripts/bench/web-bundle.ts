/**
 * The web app's weight and first load: sizes of the built chunks in web/dist (the entry chunk
 * index.html loads, every chunk, gzip of each), and the time Chromium takes from navigation to the
 * sign-in heading with an empty cache, the app served from loopback as the service serves it.
 * Run on its own: `npx tsx scripts/bench/web-bundle.ts` (needs `npm run build:web` first).
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { chromium } from 'playwright-core';
import { webAppRoutes } from '../../src/api/routes/web-app.ts';

const dist = fileURLToPath(new URL('../../web/dist/', import.meta.url));
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Loads per measurement: the median hides one slow start on a busy machine. */
const LOADS = 5;

export interface WebBundleFigures {
  mainChunk: { name: string; bytes: number; gzipBytes: number };
  total: { files: number; bytes: number; gzipBytes: number };
  chunks: { name: string; bytes: number; gzipBytes: number }[];
  /** median ms from navigation to the sign-in heading, cold cache; null without Chromium */
  firstLoadMs: number | null;
}

export function bundleSizes(): Omit<WebBundleFigures, 'firstLoadMs'> {
  const assets = join(dist, 'assets');
  if (!existsSync(assets)) throw new Error('web/dist is not built: run npm run build:web');
  const chunks = readdirSync(assets)
    .filter((name) => /\.(js|css)$/.test(name))
    .map((name) => {
      const bytes = readFileSync(join(assets, name));
      return { name, bytes: bytes.length, gzipBytes: gzipSync(bytes, { level: 9 }).length };
    })
    .sort((a, b) => b.bytes - a.bytes);
  // the entry chunk is the script index.html names; every other chunk loads on demand
  const entry = /<script[^>]+src="\/assets\/([^"]+\.js)"/.exec(readFileSync(join(dist, 'index.html'), 'utf8'))?.[1];
  const mainChunk = chunks.find((c) => c.name === entry);
  if (!mainChunk) throw new Error(`index.html names no built chunk (${entry ?? 'none'})`);
  const sum = (key: 'bytes' | 'gzipBytes') => chunks.reduce((n, c) => n + c[key], 0);
  return { mainChunk, total: { files: chunks.length, bytes: sum('bytes'), gzipBytes: sum('gzipBytes') }, chunks };
}

export async function firstLoadMs(): Promise<number | null> {
  if (!existsSync(CHROMIUM)) return null;
  const server = serve({ fetch: webAppRoutes().fetch, hostname: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const times: number[] = [];
  try {
    for (let i = 0; i < LOADS; i += 1) {
      // a fresh profile each time: nothing cached, as for a first visit
      const profile = mkdtempSync(join(tmpdir(), 'survey-dialer-bench-chromium-'));
      const context = await chromium.launchPersistentContext(profile, {
        executablePath: CHROMIUM,
        headless: true,
        args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
      });
      try {
        const page = context.pages()[0] ?? (await context.newPage());
        const started = performance.now();
        await page.goto(`${origin}/app/sign-in`, { timeout: 30_000 });
        await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor({ timeout: 30_000 });
        times.push(performance.now() - started);
      } finally {
        await context.close();
        rmSync(profile, { recursive: true, force: true });
      }
    }
  } finally {
    await new Promise((done) => server.close(done));
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

export async function webBundleFigures(): Promise<WebBundleFigures> {
  return { ...bundleSizes(), firstLoadMs: await firstLoadMs() };
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

export function printWebBundle(f: WebBundleFigures): void {
  console.log(`\nweb app (web/dist): main chunk ${f.mainChunk.name} ${kb(f.mainChunk.bytes)} (gzip ${kb(f.mainChunk.gzipBytes)}); ` +
    `all ${f.total.files} chunks ${kb(f.total.bytes)} (gzip ${kb(f.total.gzipBytes)})`);
  console.table(Object.fromEntries(f.chunks.map((c) => [c.name, { size: kb(c.bytes), gzip: kb(c.gzipBytes) }])));
  console.log(f.firstLoadMs === null
    ? `first load: not measured (no Chromium at ${CHROMIUM})`
    : `first load of /app/sign-in in headless Chromium, cold cache, loopback: median ${f.firstLoadMs.toFixed(0)} ms of ${LOADS}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  printWebBundle(await webBundleFigures());
}
