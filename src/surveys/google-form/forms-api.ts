import { z } from 'zod';
import type { Question } from '../../domain/questionnaire.ts';
import { FormParseError, uniqueSlug, type ImportedForm } from './parse-google-form.ts';

export const FORMS_READ_SCOPE = 'https://www.googleapis.com/auth/forms.body.readonly';

const option = z.object({ value: z.string().optional(), isOther: z.boolean().optional() });
const question = z.object({
  questionId: z.string(),
  required: z.boolean().optional(),
  choiceQuestion: z.object({ type: z.enum(['RADIO', 'CHECKBOX', 'DROP_DOWN']), options: z.array(option) }).optional(),
  scaleQuestion: z.object({ low: z.number().optional(), high: z.number(), lowLabel: z.string().optional(), highLabel: z.string().optional() }).optional(),
  textQuestion: z.object({ paragraph: z.boolean().optional() }).optional(),
  dateQuestion: z.object({}).loose().optional(),
  timeQuestion: z.object({}).loose().optional(),
  fileUploadQuestion: z.object({}).loose().optional(),
  ratingQuestion: z.object({ ratingScaleLevel: z.number() }).loose().optional(),
});
/** The parts of the Forms API's `Form` resource the import reads. */
const formSchema = z.object({
  formId: z.string(),
  info: z.object({ title: z.string().optional(), documentTitle: z.string().optional() }),
  responderUri: z.string().optional(),
  items: z
    .array(
      z.object({
        title: z.string().optional(),
        description: z.string().optional(),
        questionItem: z.object({ question }).optional(),
        questionGroupItem: z.object({}).loose().optional(),
      }).loose(),
    )
    .default([]),
});

/** The edit id in `/forms/d/<id>/edit`; the published `/forms/d/e/<id>` links have none the API accepts. */
export function editableFormId(url: string): string | null {
  const match = /^https:\/\/docs\.google\.com\/forms\/d\/(?!e\/)([\w-]{20,})/.exec(url);
  return match?.[1] ?? null;
}

/** A Forms API `Form` into our questionnaire. Question ids are hex; the response endpoint wants them in decimal. */
export function parseFormsApiForm(json: unknown): ImportedForm & { responderUri: string | undefined } {
  const parsed = formSchema.safeParse(json);
  if (!parsed.success) throw new FormParseError('the Forms API answered with something that is not a form');
  const form = parsed.data;
  const questions: Question[] = [];
  const unsupported: ImportedForm['unsupported'] = [];
  let position = 0;
  for (const item of form.items) {
    const title = item.title ?? '(untitled)';
    if (item.questionGroupItem) {
      position += 1;
      unsupported.push({ position, title, kind: 'grid', reason: 'grid questions cannot be asked over the phone' });
      continue;
    }
    const q = item.questionItem?.question;
    if (!q) continue; // text, image, video and page-break items are layout
    position += 1;
    const entry = String(Number.parseInt(q.questionId, 16));
    const base = {
      id: `entry_${entry}`,
      text: [item.title, item.description].filter(Boolean).join(' — ') || '(untitled)',
      required: q.required ?? false,
      google_entry_id: `entry.${entry}`,
    };
    if (q.choiceQuestion) {
      const used = new Set<string>();
      const type = q.choiceQuestion.type === 'RADIO' ? 'multiple_choice' : q.choiceQuestion.type === 'CHECKBOX' ? 'checkboxes' : 'dropdown';
      const options = q.choiceQuestion.options
        .map((o) => (o.isOther ? 'Other' : (o.value ?? '')))
        .filter(Boolean)
        .map((label) => ({ id: uniqueSlug(label, used), label }));
      questions.push({ ...base, type, options });
    } else if (q.scaleQuestion) {
      const { low = 1, high, lowLabel, highLabel } = q.scaleQuestion;
      questions.push({ ...base, type: 'linear_scale', scale: { min: low, max: high, ...(lowLabel ? { min_label: lowLabel } : {}), ...(highLabel ? { max_label: highLabel } : {}) } });
    } else if (q.ratingQuestion) {
      questions.push({ ...base, type: 'linear_scale', scale: { min: 1, max: q.ratingQuestion.ratingScaleLevel } });
    } else if (q.textQuestion) {
      questions.push({ ...base, type: q.textQuestion.paragraph ? 'paragraph' : 'short_text' });
    } else if (q.dateQuestion) {
      questions.push({ ...base, type: 'date' });
    } else if (q.timeQuestion) {
      questions.push({ ...base, type: 'time' });
    } else {
      unsupported.push({ position, title, kind: q.fileUploadQuestion ? 'file upload' : 'unknown question', reason: q.fileUploadQuestion ? 'file upload questions cannot be asked over the phone' : 'unknown question type' });
    }
  }
  return { title: form.info.title ?? form.info.documentTitle ?? 'Imported form', questions, unsupported, responderUri: form.responderUri };
}

/** GET /v1/forms/{formId} with the user's access token. */
export async function fetchFormFromApi(baseUrl: string, formId: string, accessToken: string): Promise<unknown> {
  const response = await fetch(`${baseUrl.replace(/\/$/, '')}/v1/forms/${encodeURIComponent(formId)}`, {
    headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' },
    signal: AbortSignal.timeout(15_000),
  });
  if (response.status === 403 || response.status === 404) {
    throw new FormParseError(`the Forms API refused form ${formId} (${response.status}): is it shared with the signed-in Google account?`);
  }
  if (!response.ok) throw new FormParseError(`the Forms API answered ${response.status}`);
  return response.json();
}
