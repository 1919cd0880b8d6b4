import { useState, type FormEvent } from 'react';
import type { Question, ReviewBody } from '../../api/types';

type Value = ReviewBody['mapped_value'];

/**
 * The control a person sets an answer with, by question type: a choice for options and yes/no, a
 * number for scales and numbers, text otherwise. `id` makes its label unique on a page of many.
 */
export function AnswerEditor({ id, question, saving, onSave }: { id: string; question: Question | undefined; saving: boolean; onSave: (value: Value) => void }) {
  const [text, setText] = useState('');
  const [ticked, setTicked] = useState<string[]>([]);
  const type = question?.type ?? 'short_text';
  const label = `Value for “${question?.text ?? 'this answer'}”`;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (type === 'checkboxes') onSave(ticked);
    else if (type === 'yes_no') onSave(text === 'yes');
    else if (type === 'linear_scale' || type === 'number') onSave(Number(text));
    else onSave(text);
  };

  let control;
  if (type === 'checkboxes') {
    control = (
      <fieldset>
        <legend>{label}</legend>
        {question?.options?.map((o) => (
          <label key={o.id}>
            <input type="checkbox" checked={ticked.includes(o.id)} onChange={(e) => setTicked((t) => (e.target.checked ? [...t, o.id] : t.filter((x) => x !== o.id)))} /> {o.label}
          </label>
        ))}
      </fieldset>
    );
  } else if (question?.options || type === 'yes_no') {
    const choices = question?.options ?? [{ id: 'yes', label: 'Yes' }, { id: 'no', label: 'No' }];
    control = (
      <>
        <label htmlFor={id}>{label}</label>
        <select id={id} required value={text} onChange={(e) => setText(e.target.value)}>
          <option value="">Choose…</option>
          {choices.map((o) => (
            <option key={o.id} value={o.id}>
              {o.label}
            </option>
          ))}
        </select>
      </>
    );
  } else {
    const numeric = type === 'linear_scale' || type === 'number';
    control = (
      <>
        <label htmlFor={id}>{label}</label>
        <input id={id} required type={numeric ? 'number' : 'text'} min={question?.scale?.min} max={question?.scale?.max} value={text} onChange={(e) => setText(e.target.value)} />
      </>
    );
  }
  return (
    <form onSubmit={submit}>
      {control}
      <p>
        <button type="submit" disabled={saving}>
          Save answer
        </button>
      </p>
    </form>
  );
}
