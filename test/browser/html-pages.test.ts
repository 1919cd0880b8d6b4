import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiHarness, type ApiHarness } from '../helpers/api-harness.ts';
import { launchBrowser, noProblems, watchProblems, type Browser } from '../helpers/browser.ts';
import { uniqueEmail } from '../helpers/harness.ts';
import { startLateBoundServer } from '../helpers/http-server.ts';
import { fill, htmlRoutes } from './html-routes.ts';
import { questions, read } from '../helpers/api-harness.ts';

// a loaded 2-core machine parses Swagger UI's 1.5 MB bundle slowly: generous bounds, still bounded
describe('every HTML page in a real browser, offline', { timeout: 150_000 }, () => {
  let server: Awaited<ReturnType<typeof startLateBoundServer>>;
  let api: ApiHarness;
  let browser: Browser;
  let watcher: Awaited<ReturnType<typeof watchProblems>>;
  let token: string;
  const ids = { surveyId: '', campaignId: '' };
  beforeAll(async () => {
    server = await startLateBoundServer();
    api = await createApiHarness({ callDelayMs: 5, env: { PUBLIC_URL: server.origin, FRONTEND_URL: server.origin } });
    server.handle(api.app.fetch);
    await api.engine.startWorker();
    // one user with a survey and a finished campaign, so every page has something to show
    ({ token } = await api.signIn(uniqueEmail('pages')));
    ids.surveyId = (await read(await api.call('POST', '/surveys', { token, json: { title: 'Pages', json_questionnaire: questions } }))).id;
    await api.call('POST', `/surveys/${ids.surveyId}/contacts`, { token, json: { contacts: [{ phone_number: '+14155550199' }] } });
    ids.campaignId = (await read(await api.call('POST', '/campaigns/launch', { token, json: { survey_id: ids.surveyId } }))).campaign_id;
    browser = await launchBrowser();
    watcher = await watchProblems(browser.context, server.origin);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await api?.close();
  });

  it('lists the operations of /openapi.json on /docs', async () => {
    watcher.reset();
    const page = await browser.context.newPage();
    await page.goto(`${server.origin}/docs`, { timeout: 60_000 });
    await page.getByRole('button', { name: /POST\s*\/campaigns\/launch\b/ }).first().waitFor({ state: 'visible', timeout: 60_000 });
    expect(await page.getByRole('button', { name: /GET\s*\/campaigns\/\{id\}\/status\b/ }).count()).toBeGreaterThan(0);
    expect(await watcher.problems(page)).toEqual(noProblems);
    await page.close();
  });

  for (const route of htmlRoutes) {
    it(`${route.path}: nothing from other hosts, no failed request, no error, no CSP violation`, async () => {
      const context = browser.context;
      await context.clearCookies();
      watcher.reset();
      const page = await context.newPage();
      // signed in as the app keeps it: the tab's bearer token in sessionStorage (what the dev sign-in stores)
      await page.addInitScript((t) => (globalThis as unknown as { sessionStorage: { setItem(k: string, v: string): void } }).sessionStorage.setItem('survey-dialer-token', t), route.signedIn ? token : '');
      await page.goto(`${server.origin}${fill(route.path, ids)}`, { timeout: 60_000 });
      await route.shows(page).waitFor({ state: 'visible', timeout: 60_000 });
      await page.waitForLoadState(route.live ? 'load' : 'networkidle', { timeout: 60_000 });
      expect(await watcher.problems(page)).toEqual(noProblems);
      await page.close();
    });
  }
});
