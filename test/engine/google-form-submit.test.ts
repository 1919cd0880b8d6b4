import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedContacts, seedSurvey, seedUser } from '../../src/dev/seed.ts';
import { parseGoogleFormPage } from '../../src/surveys/google-form/parse-google-form.ts';
import { FIXTURE_FORM_URL } from '../helpers/api-harness.ts';
import { createHarness, uniqueEmail, type Harness } from '../helpers/harness.ts';

const form = parseGoogleFormPage(readFileSync(new URL('../fixtures/google-form-customer-feedback.html', import.meta.url), 'utf8'));

describe('writing answers back to the Google Form', () => {
  let h: Harness;
  const posts: { url: string; body: URLSearchParams }[] = [];
  let failures = 0;
  beforeAll(async () => {
    h = await createHarness({
      callDelayMs: 5,
      postForm: async (url, body) => {
        // Google is briefly unavailable: the first post fails and the activity retries
        if (failures++ === 0) return { status: 503 };
        posts.push({ url, body });
        return { status: 200 };
      },
    });
    await h.startWorker();
  });
  afterAll(() => h?.close());

  it('submits each call\'s mapped answers once, in the form\'s own entry format', async () => {
    const userId = await seedUser(h.sql, uniqueEmail('form'));
    const surveyId = await seedSurvey(h.sql, userId, { questionnaire: form.questions });
    await h.sql`update surveys set google_form_url = ${FIXTURE_FORM_URL}, submit_to_google_form = true where id = ${surveyId}`;
    await seedContacts(h.sql, userId, surveyId, 2);
    const { campaignId } = await h.launch(userId, surveyId);
    await h.result(campaignId);

    expect(posts).toHaveLength(2);
    expect(posts.every((p) => p.url === FIXTURE_FORM_URL.replace('/viewform', '/formResponse'))).toBe(true);
    const body = posts[0]!.body;
    const labels = form.questions[0]!.options!.map((o) => o.label);
    expect(labels).toContain(body.get('entry.1560137442'));
    expect(Number(body.get('entry.1848472003'))).toBeGreaterThanOrEqual(1);
    expect(body.get('entry.1704390391_year')).toMatch(/^\d{4}$/);
    expect(body.get('entry.2089155473_hour')).toMatch(/^\d{2}$/);
    expect([...body.keys()].every((k) => k.startsWith('entry.'))).toBe(true);
    const submitted = await h.sql`select count(*)::int as n from calls where campaign_id = ${campaignId} and google_form_submitted_at is not null`;
    expect(submitted[0]!.n).toBe(2);
  });
});
