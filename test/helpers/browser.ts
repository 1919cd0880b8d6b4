import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** Debian's Chromium (`apt-get install chromium`; .ci/run installs it); CHROMIUM_PATH overrides. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Flags for a machine without internet: no background fetches, no updater, no first-run UI. */
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** Headless Chromium with a fresh user-data dir (deleted on close), so no state leaks between runs. */
export async function launchBrowser(options: { width?: number; height?: number } = {}): Promise<Browser> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'survey-dialer-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: options.width ?? 1280, height: options.height ?? 800 },
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** What went wrong while a page was open; every list is expected empty. */
export interface PageProblems {
  /** Requests to any host but the service: routed and aborted, so the test means the same online. */
  foreignRequests: string[];
  failedRequests: string[];
  consoleErrors: string[];
  pageErrors: string[];
  cspViolations: string[];
}

const CSP_LISTENER = `
  window.__cspViolations = [];
  document.addEventListener('securitypolicyviolation', (e) => {
    window.__cspViolations.push(e.effectiveDirective + ' blocked ' + (e.blockedURI || 'inline') + ' at ' + e.sourceFile + ':' + e.lineNumber);
  });
`;

/**
 * Watches a context for the problems above. Call before opening pages; `problems(page)` collects
 * the CSP violations the page saw (from a listener installed before any of its scripts run).
 */
export async function watchProblems(context: BrowserContext, serviceOrigin: string) {
  const seen: Omit<PageProblems, 'cspViolations'> = { foreignRequests: [], failedRequests: [], consoleErrors: [], pageErrors: [] };
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (new URL(url).origin === serviceOrigin) return route.continue();
    seen.foreignRequests.push(url);
    return route.abort('blockedbyclient');
  });
  await context.addInitScript(CSP_LISTENER);
  const watch = (page: Page) => {
    page.on('console', (m) => {
      if (m.type() === 'error') seen.consoleErrors.push(`${page.url()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => seen.pageErrors.push(`${page.url()}: ${e.message}`));
    page.on('requestfailed', (r) => {
      if (new URL(r.url()).origin === serviceOrigin) seen.failedRequests.push(`${r.method()} ${r.url()}: ${r.failure()?.errorText}`);
    });
    page.on('response', (r) => {
      if (r.status() >= 400) seen.failedRequests.push(`${r.request().method()} ${r.url()}: ${r.status()}`);
    });
  };
  context.pages().forEach(watch);
  context.on('page', watch);

  return {
    async problems(page: Page): Promise<PageProblems> {
      const cspViolations = await page.evaluate(() => (globalThis as unknown as { __cspViolations?: string[] }).__cspViolations ?? []);
      return { ...seen, cspViolations };
    },
    /** Forget what was seen so far (between pages). */
    reset() {
      for (const list of Object.values(seen)) list.length = 0;
    },
  };
}

export const noProblems: PageProblems = { foreignRequests: [], failedRequests: [], consoleErrors: [], pageErrors: [], cspViolations: [] };
