import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_FORM_URL } from '../helpers/api-harness.ts';
import { ARTIFACTS, horizontalOverflow, isFocused, startAppInBrowser } from '../helpers/browser-app.ts';
import { noProblems, watchProblems } from '../helpers/browser.ts';
import { uniqueEmail } from '../helpers/harness.ts';

/** Every Playwright wait is bounded by this: a loaded 2-core machine is slow, a broken page never arrives. */
const STEP = 15_000;

const shot = (page: Page, name: string) => page.screenshot({ path: new URL(`full-flow-${name}.png`, ARTIFACTS).pathname, fullPage: true });

/** The page's globals, typed here because the tests compile without the DOM library. */
interface PageGlobals {
  document: { querySelector(selector: string): { value: number } | null };
  sameDocument?: boolean;
  progressSeen: number[];
}

// four good rows and one bad: the bad one must come back as a row error while the others import
const CSV = ['name,phone,store', 'Ada,(415) 555-0100,Main St', 'Bo,415-555-0101,Oak', 'Cy,not a number,Elm', 'Di,415-555-0103,Pine', 'Ed,415-555-0104,Elm'].join('\n');

describe('the web app in a real browser: a survey owner from sign-in to releasing the number', { timeout: 120_000 }, () => {
  let app: Awaited<ReturnType<typeof startAppInBrowser>>;

  beforeAll(async () => {
    app = await startAppInBrowser({
      // calls long enough, one at a time, that the progress bar is seen moving before it reaches 100 %
      callDelayMs: 700,
      campaign: { maxConcurrentCalls: 1 },
      outcomeMix: { completed: 1 },
      respondentMix: { cooperative: 1 },
    });
  });
  afterAll(() => app?.close());

  it('signs in, builds a survey, uploads contacts, test-calls, launches, watches it live, reviews results and releases the number', async () => {
    const { server, api, browser } = app;
    const started = Date.now();
    const watcher = await watchProblems(browser.context, server.origin);
    const page = await browser.context.newPage();
    page.setDefaultTimeout(STEP);
    page.setDefaultNavigationTimeout(STEP);
    const requests: string[] = [];
    page.on('request', (r) => requests.push(`${r.method()} ${new URL(r.url()).pathname}`));

    // sign in (dev) with the keyboard only: Tab reaches the email field, Enter submits
    await page.goto(`${server.origin}/app/sign-in`);
    const email = page.getByLabel('Email');
    await email.waitFor();
    for (let i = 0; i < 10 && !(await isFocused(email)); i += 1) await page.keyboard.press('Tab');
    expect(await isFocused(email)).toBe(true);
    await shot(page, '01-sign-in');
    await page.keyboard.type(uniqueEmail('browser-flow'));
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Your surveys' }).waitFor();
    await shot(page, '02-surveys');

    // a survey: a yes/no question people answer clearly, and one whose two options sound alike
    // ("Other" / "Others"): the mapper never guesses between them, so every answer to it is unclear
    await page.getByRole('link', { name: 'New survey' }).click();
    await page.getByLabel('Title').fill('Store feedback');
    await page.getByLabel('Question 1 text').fill('Would you come back?');
    await page.getByLabel('Question 1 type').selectOption('yes_no');
    await page.getByRole('button', { name: 'Add question' }).click();
    await page.getByLabel('Question 2 text').fill('Which one did you pick?');
    await page.getByLabel('Question 2 type').selectOption('multiple_choice');
    await page.getByLabel('Question 2 options (comma-separated)').fill('Other, Others');
    // the agent's voice and what it does at a voicemail greeting, from the API's own values
    await page.getByLabel('Voice', { exact: true }).selectOption('nova');
    await page.getByLabel('When a voicemail greeting answers').selectOption({ label: 'Hang up' });
    await shot(page, '03-new-survey');
    await page.getByRole('button', { name: 'Create survey' }).click();
    await page.getByRole('heading', { level: 1, name: 'Store feedback' }).waitFor();
    const surveyUrl = page.url();
    const surveyId = surveyUrl.split('/').pop()!;
    const voiceOf = async () =>
      (await api.engine.sql<{ voice_agent_voice: string; voicemail_action: string }[]>`
        select voice_agent_voice, voicemail_action from surveys where id = ${surveyId}`)[0];
    expect(await voiceOf()).toEqual({ voice_agent_voice: 'nova', voicemail_action: 'hang_up' });

    // contacts: one bad row is reported by line, reason and value; the other four are imported
    await page.getByLabel(/Upload a CSV of contacts/).setInputFiles({ name: 'contacts.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV) });
    await page.getByText('4 imported, 1 rejected').waitFor();
    const rejected = page.getByRole('table', { name: 'Rejected rows' });
    await expect.poll(() => rejected.getByRole('row').count()).toBe(2);
    const badRow = await rejected.getByRole('row').nth(1).getByRole('cell').allTextContents();
    expect(badRow[0]).toBe('4');
    expect(badRow[1]).toMatch(/phone number/i);
    expect(badRow[2]).toBe('not a number');
    const contactList = page.getByRole('table', { name: 'Contacts 1–4' });
    await expect.poll(() => contactList.getByRole('row').count()).toBe(5);
    expect(await contactList.getByRole('row').nth(1).getByRole('cell').allTextContents()).toEqual(['Ada', '+14155550100', 'from the number']);
    await shot(page, '04-survey-contacts');

    // the survey page shows the saved voice settings and changes them through PATCH /surveys/{id}
    const voice = page.getByRole('form', { name: 'Voice', exact: true });
    expect(await voice.getByLabel('Voice', { exact: true }).inputValue()).toBe('nova');
    expect(await voice.getByLabel('When a voicemail greeting answers').inputValue()).toBe('hang_up');
    await voice.getByLabel('Voice', { exact: true }).selectOption('coral');
    await voice.getByLabel('When a voicemail greeting answers').selectOption({ label: 'Leave a short message' });
    await voice.getByRole('button', { name: 'Save voice settings' }).click();
    await voice.getByText('Saved.').waitFor();
    expect(await voiceOf()).toEqual({ voice_agent_voice: 'coral', voicemail_action: 'leave_message' });

    // survey settings: a retry policy of its own (one attempt, as the default) and words for an option,
    // both saved through PATCH /surveys/{id}; calling hours stay the service's (open at any hour here)
    const calling = page.getByRole('form', { name: 'Calling hours and retries' });
    await calling.getByLabel("Use the service's default retry policy").uncheck();
    await calling.getByLabel('Attempts per contact (1–10)').fill('1');
    await calling.getByRole('button', { name: 'Save calling settings' }).click();
    await calling.getByText('Saved.').waitFor();
    const aliases = page.getByRole('form', { name: 'Other words for the options' });
    await aliases.getByLabel('Other words for “Others”').fill('zebra crossing, the striped one');
    await aliases.getByRole('button', { name: 'Save option words' }).click();
    await aliases.getByText('Saved.').waitFor();
    const [settings] = await api.engine.sql<{ retry_policy: { max_attempts: number } | null; questionnaire: { options?: { id: string; aliases?: string[] }[] }[] }[]>`
      select retry_policy, questionnaire from surveys where id = ${surveyId}`;
    expect(settings!.retry_policy?.max_attempts).toBe(1);
    expect(settings!.questionnaire[1]!.options!.find((o) => o.id === 'others')!.aliases).toEqual(['zebra crossing', 'the striped one']);
    await shot(page, '05-survey-settings');

    // a test call to the first contact; launch opens once it has finished
    const launchButton = page.getByRole('button', { name: 'Launch campaign' });
    expect(await launchButton.isDisabled()).toBe(true);
    await page.getByRole('button', { name: 'Test call' }).click();
    await page.getByText(/Test call from \+1\d+: finished, the survey was completed/).waitFor();
    await shot(page, '06-test-call');
    await launchButton.click();

    // the live page: the progress bar moves to 100 % from server-sent events, without a reload
    await page.waitForURL(/\/app\/campaigns\/[0-9a-f-]{36}$/);
    const campaignId = page.url().split('/').pop()!;
    await page.evaluate(() => {
      const w = globalThis as unknown as PageGlobals;
      w.sameDocument = true;
      w.progressSeen = [];
      // every value the bar shows, however briefly, recorded as it changes
      setInterval(() => {
        const bar = w.document.querySelector('progress');
        if (bar && w.progressSeen.at(-1) !== bar.value) w.progressSeen.push(bar.value);
      }, 20);
    });
    const progress = page.getByRole('progressbar');
    await expect.poll(() => progress.getAttribute('aria-valuetext'), { timeout: 30_000 }).toBe('100 %');
    await page.getByText('Status: completed').waitFor();
    const seen = await page.evaluate(() => (globalThis as unknown as PageGlobals).progressSeen);
    expect(seen.at(-1)).toBe(100);
    expect(seen.some((v) => v > 0 && v < 100), `values seen: ${seen.join(', ')}`).toBe(true);
    expect(await page.evaluate(() => (globalThis as unknown as PageGlobals).sameDocument)).toBe(true);
    expect(requests).toContain(`GET /campaigns/${campaignId}/events`);
    expect(requests).not.toContain(`GET /campaigns/${campaignId}/status`);
    await expect.poll(() => page.getByRole('table', { name: 'Calls 1–4' }).getByRole('row').count()).toBe(5);
    // the outcome breakdown in words and numbers: every contact completed (this run's outcome mix), the rest 0
    const outcomes = page.getByRole('table', { name: 'Outcomes', exact: true });
    const outcomeRow = async (name: string) => (await outcomes.getByRole('row', { name: new RegExp(`^${name}`) }).getByRole('cell').allTextContents()).map((t) => t.trim());
    await expect.poll(() => outcomeRow('Completed')).toEqual(['4', '100 %']);
    expect(await outcomeRow('No answer')).toEqual(['0', '0 %']);
    expect(await outcomes.getByRole('row').count()).toBe(11); // a header and one row per outcome the API names
    await shot(page, '07-campaign-live');

    // results: a chart, the funnel, a transcript with raw words, mapped values and confidence
    await page.getByRole('link', { name: 'Results' }).click();
    await page.getByRole('heading', { level: 1, name: 'Results: Store feedback' }).waitFor();
    const chart = page.getByRole('figure', { name: 'Answers to Would you come back?' });
    await chart.locator('svg.recharts-surface').first().waitFor();
    expect(await chart.locator('.recharts-bar-rectangle').count()).toBeGreaterThan(0);
    expect(await chart.locator('figcaption').textContent()).toMatch(/^(yes|no): \d/);
    const funnel = page.getByRole('table', { name: 'Share of connected calls that answered each question' });
    expect(await funnel.getByRole('row').count()).toBe(3);
    await page.locator('details summary').first().click();
    const transcript = page.getByRole('list', { name: 'Transcript' });
    await transcript.waitFor();
    expect(await transcript.getByRole('listitem').first().textContent()).toMatch(/^Agent: /);
    const answers = page.getByRole('table', { name: 'Answers' });
    const comeBack = await answers.getByRole('row', { name: /Would you come back\?/ }).getByRole('cell').allTextContents();
    expect(comeBack[1]!.length).toBeGreaterThan(0); // their words
    expect(['yes', 'no']).toContain(comeBack[2]); // mapped
    expect(Number(comeBack[3])).toBeGreaterThanOrEqual(0.8); // confidence
    expect(comeBack[4]).toBe('deterministic');
    await shot(page, '08-results');

    // the review queue: set one unclear answer; it is stored as method manual and leaves the queue
    const queue = page.getByRole('list', { name: 'Unclear answers' }).getByRole('listitem');
    // the second question of every call: four contacts, the first of them called twice (test call, then campaign)
    await expect.poll(() => queue.count()).toBe(5);
    // the newest: a campaign call's answer (the test call's, oldest, was followed by a newer call to that contact)
    const first = queue.last();
    expect(await first.textContent()).toMatch(/They said: “.*Other/);
    await first.getByLabel('Value for “Which one did you pick?”').selectOption({ label: 'Others' });
    await first.getByRole('button', { name: 'Save answer' }).click();
    await expect.poll(() => queue.count()).toBe(4);
    const manual = await api.engine.sql<{ mapped_value: unknown; reviewed_at: Date | null }[]>`
      select mapped_value, reviewed_at from responses where survey_id = ${surveyId} and method = 'manual'`;
    expect(manual).toHaveLength(1);
    expect(manual[0]!.mapped_value).toBe('others');
    expect(manual[0]!.reviewed_at).not.toBeNull();
    await shot(page, '09-reviewed');

    // CSV export: a download with a header and one row per respondent
    const download = page.waitForEvent('download', { timeout: STEP });
    await page.getByRole('button', { name: 'Export CSV' }).click();
    const csv = parse(readFileSync((await (await download).path())!, 'utf8'), { columns: true }) as Record<string, string>[];
    expect(csv).toHaveLength(4);
    expect(Object.keys(csv[0]!).slice(0, 3)).toEqual(['contact_id', 'participant_name', 'phone_number']);
    // the reviewed answer, by its label, in the second question's column (the builder gave it a fresh id); the unclear ones stay empty
    const [saved] = await api.engine.sql<{ questionnaire: { id: string }[] }[]>`select questionnaire from surveys where id = ${surveyId}`;
    const second = saved!.questionnaire[1]!.id;
    expect(second).toMatch(/^q_[0-9a-f]{8}$/);
    expect(csv.map((row) => row[second]).sort()).toEqual(['', '', '', 'Others']);

    // the phone number: shown with its trunk and date; release asks first (Escape keeps it, focus returns)
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Phone number' }).click();
    await page.getByRole('heading', { level: 1, name: 'Phone number' }).waitFor();
    const number = (await page.locator('dl dd').first().textContent())!;
    expect(number).toMatch(/^\+1\d{10}$/);
    const history = page.getByRole('table', { name: 'Numbers you have had' });
    await expect.poll(() => history.getByRole('row').nth(1).getByRole('cell').allTextContents()).toEqual([number, 'active', expect.any(String), '—']);
    const release = page.getByRole('button', { name: 'Release number' });
    await release.click();
    const dialog = page.getByRole('dialog', { name: 'Release this number?' });
    await dialog.waitFor();
    await shot(page, '10-release-dialog');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(await isFocused(release)).toBe(true);
    await release.click();
    await dialog.getByRole('button', { name: 'Release number' }).click();
    await page.getByText(`${number} was released`).waitFor();
    await expect.poll(() => history.getByRole('row').nth(1).getByRole('cell').nth(1).textContent()).toBe('released');
    await shot(page, '11-number-released');
    expect(await api.engine.sql`select 1 from phone_numbers where phone_number = ${number} and status = 'active'`).toHaveLength(0);

    // a 375 px phone screen: no page scrolls sideways (wide tables scroll inside their own box)
    await page.setViewportSize({ width: 375, height: 800 });
    for (const [name, path, shows] of [
      ['surveys', '/', 'Your surveys'],
      ['survey', new URL(surveyUrl).pathname, 'Store feedback'],
      ['campaign', `/app/campaigns/${campaignId}`, 'Campaign'],
      ['results', `/app/surveys/${surveyId}/results`, 'Results: Store feedback'],
      ['phone-number', '/app/phone-number', 'Phone number'],
    ] as const) {
      await page.goto(`${server.origin}${path}`);
      await page.getByRole('heading', { level: 1, name: shows }).waitFor();
      if (name === 'results') await page.locator('svg.recharts-surface').first().waitFor();
      if (name === 'campaign') await page.getByRole('table', { name: 'Outcomes', exact: true }).waitFor();
      if (name === 'survey') expect(await page.getByRole('link', { name: 'Campaign (completed)' }).getAttribute('href')).toBe(`/app/campaigns/${campaignId}`);
      expect({ name, overflow: await horizontalOverflow(page) }).toEqual({ name, overflow: 0 });
      await shot(page, `375-${name}`);
    }

    // a Google Form import (the saved fixture page): what it leaves out is listed in words, one item a line
    await page.goto(`${server.origin}/app/surveys/new`);
    await page.getByLabel('Title').fill('From the form');
    await page.getByLabel('Import a Google Form').check();
    await page.getByLabel('Google Form URL').fill(FIXTURE_FORM_URL);
    await page.getByRole('button', { name: 'Create survey' }).click();
    const importWarnings = page.getByRole('list', { name: 'Import warnings' });
    await importWarnings.waitFor();
    expect(await importWarnings.getByRole('listitem').allTextContents()).toEqual([
      'Question 9 “Rate each department”: grid — grid questions cannot be asked over the phone; left out.',
      'Question 10 “Upload your receipt”: file upload — file upload questions cannot be asked over the phone; left out.',
    ]);
    await shot(page, '12-import-warnings');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('heading', { level: 1, name: 'From the form' }).waitFor();

    const problems = await watcher.problems(page);
    // leaving a page aborts what it still reads on purpose: the live page's event stream (the hook
    // aborts its fetch on unmount) and a refetch of its calls list in flight at that moment
    problems.failedRequests = problems.failedRequests.filter((r) => !/^GET \S+\/campaigns\/[0-9a-f-]{36}\/(events|calls)\S*: net::ERR_ABORTED$/.test(r));
    expect(problems).toEqual(noProblems);
    expect(Date.now() - started).toBeLessThan(60_000);
  });
});
