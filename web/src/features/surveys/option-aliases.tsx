import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, unwrap } from '../../api/client';
import { questionsOf, type Survey } from '../../api/types';
import { SaveButton } from '../../components/save-button';

const key = (questionId: string, optionId: string) => `${questionId}\u0000${optionId}`;
const split = (text: string) => text.split(',').map((a) => a.trim()).filter(Boolean);

/**
 * Other words people use for each option ("Insta" for Instagram): the answer mappers count an alias
 * as naming its option. Saved with the questionnaire, so like the questions they are locked (409)
 * while a campaign runs.
 */
export function OptionAliases({ survey }: { survey: Survey }) {
  const queryClient = useQueryClient();
  const questions = questionsOf(survey).filter((q) => q.options?.length);
  const [text, setText] = useState<Record<string, string>>(() =>
    Object.fromEntries(questions.flatMap((q) => q.options!.map((o) => [key(q.id, o.id), (o.aliases ?? []).join(', ')]))),
  );
  const save = useMutation({
    mutationFn: () =>
      unwrap(
        api.PATCH('/surveys/{surveyId}', {
          params: { path: { surveyId: survey.id } },
          body: {
            json_questionnaire: questionsOf(survey).map((q) =>
              q.options ? { ...q, options: q.options.map((o) => ({ ...o, aliases: split(text[key(q.id, o.id)] ?? '') })) } : q,
            ),
          },
        }),
      ),
    onSuccess: (saved) => queryClient.setQueryData(['surveys', survey.id], saved),
  });
  if (questions.length === 0) return null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  return (
    <form className="card" aria-labelledby="aliases-title" onSubmit={submit}>
      <h2 id="aliases-title">Other words for the options</h2>
      <p>Words people may say for an option, comma-separated (at most 20 per option).</p>
      {questions.map((q) => (
        <fieldset key={q.id}>
          <legend>{q.text}</legend>
          {q.options!.map((o) => (
            <div key={o.id}>
              <label htmlFor={`alias-${q.id}-${o.id}`}>Other words for “{o.label}”</label>
              <input id={`alias-${q.id}-${o.id}`} value={text[key(q.id, o.id)] ?? ''} onChange={(e) => setText((t) => ({ ...t, [key(q.id, o.id)]: e.target.value }))} />
            </div>
          ))}
        </fieldset>
      ))}
      <SaveButton label="Save option words" save={save} />
    </form>
  );
}
