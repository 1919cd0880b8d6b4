import { mkdirSync } from 'node:fs';
import type { Locator, Page } from 'playwright-core';
import { createApiHarness, type ApiHarness } from './api-harness.ts';
import { launchBrowser, type Browser } from './browser.ts';
import type { HarnessOptions } from './harness.ts';
import { startLateBoundServer } from './http-server.ts';

/** Screenshots of each page, for a person to look at after a run (git-ignored). */
export const ARTIFACTS = new URL('../../test-artifacts/', import.meta.url);

/**
 * The service (web app and API, real Temporal and database, simulated calls) on a loopback port with
 * its worker running, and a headless Chromium to drive it.
 */
export async function startAppInBrowser(options: HarnessOptions) {
  mkdirSync(ARTIFACTS, { recursive: true });
  const server = await startLateBoundServer();
  let api: ApiHarness | undefined;
  let browser: Browser | undefined;
  const close = async () => {
    await browser?.close();
    await server.close();
    await api?.close();
  };
  try {
    api = await createApiHarness({ ...options, env: { PUBLIC_URL: server.origin, FRONTEND_URL: server.origin } });
    server.handle(api.app.fetch);
    await api.engine.startWorker();
    browser = await launchBrowser();
    return { server, api, browser, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** The page's globals, typed here because the tests compile without the DOM library. */
interface DomGlobals {
  document: { activeElement: unknown; documentElement: { scrollWidth: number; clientWidth: number } };
}

/** The page scrolls sideways when its content is wider than the viewport. */
export const horizontalOverflow = (page: Page) =>
  page.evaluate(() => {
    const root = (globalThis as unknown as DomGlobals).document.documentElement;
    return root.scrollWidth - root.clientWidth;
  });

export const isFocused = (locator: Locator) => locator.evaluate((el) => el === (globalThis as unknown as DomGlobals).document.activeElement);
