import type { Question } from '../../domain/questionnaire.ts';

/**
 * Mapped answers as the form's public response endpoint expects them: `entry.N=value` pairs, option
 * labels rather than our ids, one pair per ticked checkbox, dates and times split into their parts.
 * Questions without an entry id or without a mapped value are left out.
 */
export function formFields(questions: Question[], answers: Map<string, unknown>): [string, string][] {
  const fields: [string, string][] = [];
  for (const question of questions) {
    const entry = question.google_entry_id;
    const value = answers.get(question.id);
    if (!entry || value === null || value === undefined) continue;
    const label = (id: unknown) => question.options?.find((o) => o.id === id)?.label ?? String(id);
    switch (question.type) {
      case 'checkboxes':
        for (const id of Array.isArray(value) ? value : []) fields.push([entry, label(id)]);
        break;
      case 'multiple_choice':
      case 'dropdown':
        fields.push([entry, label(value)]);
        break;
      case 'yes_no':
        fields.push([entry, value ? 'Yes' : 'No']);
        break;
      case 'date': {
        const [year, month, day] = String(value).split('-');
        fields.push([`${entry}_year`, year!], [`${entry}_month`, String(Number(month))], [`${entry}_day`, String(Number(day))]);
        break;
      }
      case 'time': {
        const [hour, minute] = String(value).split(':');
        fields.push([`${entry}_hour`, hour!], [`${entry}_minute`, minute!]);
        break;
      }
      default:
        fields.push([entry, String(value)]);
    }
  }
  return fields;
}

/** https://docs.google.com/forms/d/e/<id>/viewform → …/formResponse */
export const formResponseUrl = (viewform: string) => viewform.replace(/\/viewform(\?.*)?$/, '/formResponse');
