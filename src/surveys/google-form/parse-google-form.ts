import type { Question } from '../../domain/questionnaire.ts';
import type { ImportWarning } from '../survey-schemas.ts';

/** An item of the form that could not become a question, and why (`import_warnings` of POST /surveys). */
export type SkippedItem = ImportWarning;

export interface ImportedForm {
  title: string;
  questions: Question[];
  /** file uploads, grids and unknown item kinds: reported, never silently dropped */
  unsupported: SkippedItem[];
}

export class FormParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FormParseError';
  }
}

// Item type ids in the public form page's FB_PUBLIC_LOAD_DATA_ structure.
const questionKinds: Record<number, Question['type']> = {
  0: 'short_text',
  1: 'paragraph',
  2: 'multiple_choice',
  3: 'dropdown',
  4: 'checkboxes',
  5: 'linear_scale',
  9: 'date',
  10: 'time',
};
const layoutKinds: Record<number, string> = { 6: 'title and description', 8: 'section', 11: 'image', 12: 'video' };
const unsupportedKinds: Record<number, string> = { 7: 'grid', 13: 'file upload' };

/**
 * Reads the questionnaire out of a public Google Form page: the page embeds the form as the JSON
 * array `FB_PUBLIC_LOAD_DATA_`, whose [1][1] lists the items as
 * `[itemId, title, description, typeId, [[entryId, options, required, scaleLabels, …]]]`.
 */
export function parseGoogleFormPage(html: string): ImportedForm {
  const match = /FB_PUBLIC_LOAD_DATA_\s*=\s*(\[[\s\S]*?\]);\s*<\/script>/.exec(html);
  if (!match) throw new FormParseError('the page has no form data: is the form public (no sign-in required) and the URL its viewform link?');
  let data: unknown;
  try {
    data = JSON.parse(match[1]!);
  } catch {
    throw new FormParseError('the form data on the page is not readable');
  }
  const form = Array.isArray(data) ? data[1] : undefined;
  const items = Array.isArray(form) ? form[1] : undefined;
  if (!Array.isArray(items)) throw new FormParseError('the form data has no item list');
  const title = (Array.isArray(form) && typeof form[8] === 'string' && form[8]) || (Array.isArray(data) && typeof data[3] === 'string' && data[3]) || 'Imported form';

  const questions: Question[] = [];
  const unsupported: SkippedItem[] = [];
  let position = 0;
  for (const item of items) {
    if (!Array.isArray(item)) continue;
    const [, itemTitle, description, typeId, answers] = item as [number, string | null, string | null, number, unknown[] | null];
    const text = [itemTitle, description].filter((s) => typeof s === 'string' && s.trim()).join(' — ') || '(untitled)';
    if (typeId in layoutKinds) continue;
    position += 1;
    const kind = questionKinds[typeId];
    const answer = Array.isArray(answers) && Array.isArray(answers[0]) ? (answers[0] as unknown[]) : null;
    if (!kind || !answer) {
      unsupported.push({
        position,
        title: itemTitle ?? '(untitled)',
        kind: unsupportedKinds[typeId] ?? `item type ${typeId}`,
        reason: unsupportedKinds[typeId] ? `${unsupportedKinds[typeId]} questions cannot be asked over the phone` : 'unknown item type',
      });
      continue;
    }
    const entryId = String(answer[0]);
    const question: Question = {
      id: `entry_${entryId}`,
      text,
      type: kind,
      required: answer[2] === 1 || answer[2] === true,
      google_entry_id: `entry.${entryId}`,
    };
    const rawOptions = Array.isArray(answer[1]) ? (answer[1] as unknown[][]) : [];
    if (kind === 'linear_scale') {
      const values = rawOptions.map((o) => Number(o[0])).filter(Number.isFinite);
      const labels = Array.isArray(answer[3]) ? (answer[3] as (string | null)[]) : [];
      question.scale = {
        min: Math.min(...values),
        max: Math.max(...values),
        ...(labels[0] ? { min_label: labels[0] } : {}),
        ...(labels[1] ? { max_label: labels[1] } : {}),
      };
    } else if (kind === 'multiple_choice' || kind === 'dropdown' || kind === 'checkboxes') {
      const used = new Set<string>();
      question.options = rawOptions
        .map((o) => ({ label: typeof o[0] === 'string' && o[0] ? o[0] : o[4] === 1 ? 'Other' : '', isOther: o[4] === 1 }))
        .filter((o) => o.label)
        .map(({ label }) => ({ id: uniqueSlug(label, used), label }));
    }
    questions.push(question);
  }
  return { title, questions, unsupported };
}

export function uniqueSlug(label: string, used: Set<string>): string {
  const base = label.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '').slice(0, 60) || 'option';
  let slug = base;
  for (let n = 2; used.has(slug); n++) slug = `${base}_${n}`;
  used.add(slug);
  return slug;
}
