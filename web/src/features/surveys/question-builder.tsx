import { useEffect, useState } from 'react';
import type { Question, QuestionType } from '../../api/types';
import { FieldError, fieldProps } from '../../components/field-error';
import { questionTypes, withOptions } from './question-types';

/** One question as the builder edits it; `id` is the saved question's, absent for a new one. */
export interface QuestionDraft {
  key: number;
  id?: string;
  text: string;
  type: QuestionType;
  options: string;
  min: number;
  max: number;
  minLabel: string;
  maxLabel: string;
  required: boolean;
}

// React keys for the builder's rows, so removing one does not hand its fields to the next
let nextKey = 0;

export const emptyQuestion = (): QuestionDraft => ({ key: nextKey++, text: '', type: 'multiple_choice', options: '', min: 1, max: 5, minLabel: '', maxLabel: '', required: false });

const optionsText = (q: Question) => (q.options ?? []).map((o) => o.label).join(', ');

/** A saved question as the builder shows it. */
export function draftOf(q: Question): QuestionDraft {
  return {
    key: nextKey++,
    id: q.id,
    text: q.text,
    type: q.type,
    options: optionsText(q),
    min: q.scale?.min ?? 1,
    max: q.scale?.max ?? 5,
    minLabel: q.scale?.min_label ?? '',
    maxLabel: q.scale?.max_label ?? '',
    required: q.required ?? false,
  };
}

const slug = (s: string, i: number) => s.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '').slice(0, 40) || `option_${i + 1}`;
const unique = (base: string, taken: Set<string>) => {
  let id = base;
  for (let n = 2; taken.has(id); n += 1) id = `${base}_${n}`;
  taken.add(id);
  return id;
};
/**
 * `q_` and 8 random hex digits. Never derived from the ids in the form: answers are stored by
 * question id, so a new question must not take the id of one removed now or in an earlier save.
 */
const newQuestionId = (taken: Set<string>) => {
  let id: string;
  do id = `q_${Array.from(crypto.getRandomValues(new Uint8Array(4)), (b) => b.toString(16).padStart(2, '0')).join('')}`;
  while (taken.has(id));
  taken.add(id);
  return id;
};
const sameDraft = (a: QuestionDraft, b: QuestionDraft) =>
  (['text', 'type', 'options', 'min', 'max', 'minLabel', 'maxLabel', 'required'] as const).every((k) => a[k] === b[k]);

/**
 * The questionnaire to send. A question left as it was saved is sent exactly as saved (option ids,
 * other words, Google Form entry); an edited one keeps its id (answers already stored stay with it),
 * and each option whose label is unchanged keeps its id and other words. A new question gets a fresh
 * random id (never a removed question's), a new option one no other option of its question has.
 * `saved` is the survey's current questions (none for a new survey).
 */
export function questionsFromDrafts(drafts: QuestionDraft[], saved: Question[] = []): Question[] {
  const takenIds = new Set([...saved.map((q) => q.id), ...drafts.flatMap((d) => (d.id ? [d.id] : []))]);
  return drafts.map((d) => {
    const before = saved.find((q) => q.id === d.id);
    if (before && sameDraft(d, draftOf(before))) return before;
    const id = d.id ?? newQuestionId(takenIds);
    const question: Question = { id, text: d.text, type: d.type, required: d.required, ...(before?.google_entry_id ? { google_entry_id: before.google_entry_id } : {}) };
    if (withOptions.has(d.type)) {
      const labels = d.options
        .split(',')
        .map((label) => label.trim())
        .filter(Boolean);
      // the kept options first, so a new option's id never takes one of theirs
      const optionIds = new Set<string>();
      const kept = labels.map((label) => {
        const option = before?.options?.find((o) => o.label === label && !optionIds.has(o.id));
        if (option) optionIds.add(option.id);
        return option;
      });
      question.options = labels.map((label, j) => kept[j] ?? { id: unique(slug(label, j), optionIds), label });
    }
    if (d.type === 'linear_scale') {
      question.scale = {
        min: d.min,
        max: d.max,
        ...(d.minLabel.trim() ? { min_label: d.minLabel.trim() } : {}),
        ...(d.maxLabel.trim() ? { max_label: d.maxLabel.trim() } : {}),
      };
    }
    return question;
  });
}

/**
 * The questions' fields, for the new-survey page and the survey page alike: text, type, options,
 * scale and required, add, move and remove. `issues` are the API's messages by path
 * (`json_questionnaire.1.options`), each shown under the field it names.
 */
export function QuestionBuilder({ drafts, onChange, issues = {} }: { drafts: QuestionDraft[]; onChange: (drafts: QuestionDraft[]) => void; issues?: Record<string, string> }) {
  const update = (i: number, change: Partial<QuestionDraft>) => onChange(drafts.map((q, j) => (j === i ? { ...q, ...change } : q)));
  // after a move, focus stays with the moved question's button (or its other one at the top or bottom)
  const [moved, setMoved] = useState<{ key: number; direction: 'up' | 'down' } | null>(null);
  const move = (i: number, direction: 'up' | 'down') => {
    const j = direction === 'up' ? i - 1 : i + 1;
    const next = [...drafts];
    [next[i], next[j]] = [next[j]!, next[i]!];
    onChange(next);
    setMoved({ key: drafts[i]!.key, direction });
  };
  useEffect(() => {
    if (!moved) return;
    const button = (direction: string) => document.getElementById(`q-move-${moved.key}-${direction}`) as HTMLButtonElement | null;
    const same = button(moved.direction);
    (same && !same.disabled ? same : button(moved.direction === 'up' ? 'down' : 'up'))?.focus();
    setMoved(null);
  }, [moved]);
  // every issue under a question's options (`.options`, `.options.0.label`) is shown under the options field
  const issueUnder = (prefix: string) =>
    Object.entries(issues)
      .filter(([path]) => path === prefix || path.startsWith(`${prefix}.`))
      .map(([, message]) => message)
      .join('; ') || undefined;
  return (
    <>
      {drafts.map((q, i) => {
        const at = (field: string) => issues[`json_questionnaire.${i}.${field}`];
        const n = i + 1;
        return (
          <fieldset key={q.key}>
            <legend>Question {n}</legend>
            <label htmlFor={`q${i}-text`}>Question {n} text</label>
            <input required value={q.text} onChange={(e) => update(i, { text: e.target.value })} {...fieldProps(`q${i}-text`, at('text') ?? at('id'))} />
            <FieldError id={`q${i}-text`} message={at('text') ?? at('id')} />
            <label htmlFor={`q${i}-type`}>Question {n} type</label>
            <select value={q.type} onChange={(e) => update(i, { type: e.target.value as QuestionType })} {...fieldProps(`q${i}-type`, at('type'))}>
              {questionTypes.map(([type, name]) => (
                <option key={type} value={type}>
                  {name}
                </option>
              ))}
            </select>
            <FieldError id={`q${i}-type`} message={at('type')} />
            {withOptions.has(q.type) && (
              <>
                <label htmlFor={`q${i}-options`}>Question {n} options (comma-separated)</label>
                <input value={q.options} onChange={(e) => update(i, { options: e.target.value })} {...fieldProps(`q${i}-options`, issueUnder(`json_questionnaire.${i}.options`))} />
                <FieldError id={`q${i}-options`} message={issueUnder(`json_questionnaire.${i}.options`)} />
              </>
            )}
            {q.type === 'linear_scale' && (
              <>
                <label htmlFor={`q${i}-min`}>Question {n} scale from (0 or 1)</label>
                <input type="number" min={0} max={1} required value={q.min} onChange={(e) => update(i, { min: Number(e.target.value) })} {...fieldProps(`q${i}-min`, at('scale.min') ?? at('scale'))} />
                <FieldError id={`q${i}-min`} message={at('scale.min') ?? at('scale')} />
                <label htmlFor={`q${i}-min-label`}>Question {n} label for the lowest value (optional, e.g. “Not at all”)</label>
                <input maxLength={200} value={q.minLabel} onChange={(e) => update(i, { minLabel: e.target.value })} {...fieldProps(`q${i}-min-label`, at('scale.min_label'))} />
                <FieldError id={`q${i}-min-label`} message={at('scale.min_label')} />
                <label htmlFor={`q${i}-max`}>Question {n} scale to (2 to 10)</label>
                <input type="number" min={2} max={10} required value={q.max} onChange={(e) => update(i, { max: Number(e.target.value) })} {...fieldProps(`q${i}-max`, at('scale.max'))} />
                <FieldError id={`q${i}-max`} message={at('scale.max')} />
                <label htmlFor={`q${i}-max-label`}>Question {n} label for the highest value (optional, e.g. “Very much”)</label>
                <input maxLength={200} value={q.maxLabel} onChange={(e) => update(i, { maxLabel: e.target.value })} {...fieldProps(`q${i}-max-label`, at('scale.max_label'))} />
                <FieldError id={`q${i}-max-label`} message={at('scale.max_label')} />
              </>
            )}
            <label>
              <input type="checkbox" checked={q.required} onChange={(e) => update(i, { required: e.target.checked })} /> Required
            </label>
            {drafts.length > 1 && (
              <div className="row">
                <button id={`q-move-${q.key}-up`} type="button" className="secondary" disabled={i === 0} onClick={() => move(i, 'up')}>
                  Move question {n} up
                </button>
                <button id={`q-move-${q.key}-down`} type="button" className="secondary" disabled={i === drafts.length - 1} onClick={() => move(i, 'down')}>
                  Move question {n} down
                </button>
                <button type="button" className="secondary" onClick={() => onChange(drafts.filter((_, j) => j !== i))}>
                  Remove question {n}
                </button>
              </div>
            )}
          </fieldset>
        );
      })}
      <p>
        <button type="button" className="secondary" onClick={() => onChange([...drafts, emptyQuestion()])}>
          Add question
        </button>
      </p>
    </>
  );
}
