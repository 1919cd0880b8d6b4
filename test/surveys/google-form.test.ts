import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { questionnaireSchema } from '../../src/domain/questionnaire.ts';
import { importGoogleForm, viewformUrl } from '../../src/surveys/google-form/fetch-google-form.ts';
import { FormParseError, parseGoogleFormPage } from '../../src/surveys/google-form/parse-google-form.ts';

const page = readFileSync(new URL('../fixtures/google-form-customer-feedback.html', import.meta.url), 'utf8');

describe('Google Form import', () => {
  it('turns the saved public page into a valid questionnaire with entry ids', () => {
    const form = parseGoogleFormPage(page);
    expect(form.title).toBe('Customer feedback');
    expect(questionnaireSchema.safeParse(form.questions).success).toBe(true);
    expect(form.questions[0]).toEqual({
      id: 'entry_1560137442',
      text: 'How often do you visit our store?',
      type: 'multiple_choice',
      required: true,
      google_entry_id: 'entry.1560137442',
      options: [
        { id: 'every_week', label: 'Every week' },
        { id: 'about_once_a_month', label: 'About once a month' },
        { id: 'a_few_times_a_year', label: 'A few times a year' },
        { id: 'other', label: 'Other' },
      ],
    });
    expect(form.questions[1]).toMatchObject({
      type: 'linear_scale',
      required: true,
      scale: { min: 1, max: 5, min_label: 'Not at all', max_label: 'Very satisfied' },
    });
    expect(form.questions[2]).toMatchObject({ type: 'checkboxes', text: 'Which departments did you visit? — Tick all that apply', required: false });
    expect(form.questions.map((q) => q.google_entry_id)).toEqual([
      'entry.1560137442', 'entry.1848472003', 'entry.725114985', 'entry.1293401843',
      'entry.1138469934', 'entry.994812374', 'entry.1704390391', 'entry.2089155473',
    ]);
    // sections, titles and images are layout, not questions; grids and uploads are reported
    expect(form.unsupported.map((u) => [u.position, u.kind])).toEqual([[9, 'grid'], [10, 'file upload']]);
  });

  it('explains pages without form data and links that are not Google Forms', async () => {
    expect(() => parseGoogleFormPage('<html><body>Sign in to continue</body></html>')).toThrow(FormParseError);
    expect(() => viewformUrl('http://docs.google.com/forms/d/e/x/viewform')).toThrow(/https:\/\/docs.google.com/);
    expect(() => viewformUrl('https://docs.google.com.evil.test/forms/d/e/x/viewform')).toThrow(FormParseError);
    expect(viewformUrl('https://docs.google.com/forms/d/e/1FAIpQ_x-y/viewform?usp=sf_link')).toBe('https://docs.google.com/forms/d/e/1FAIpQ_x-y/viewform');
    await expect(importGoogleForm('https://docs.google.com/forms/d/e/abc/viewform', async () => { throw new Error('offline'); }))
      .rejects.toThrow(/could not be fetched: offline/);
  });
});
