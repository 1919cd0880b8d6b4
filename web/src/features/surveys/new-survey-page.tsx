import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { paths } from '../../api/schema';
import { api, errorMessage } from '../../api/client';
import { navigate } from '../../router';

type CreateBody = paths['/surveys']['post']['requestBody']['content']['application/json'];
type Question = NonNullable<CreateBody['json_questionnaire']>[number];
type QuestionType = Question['type'];
type Tone = NonNullable<CreateBody['voice_agent_tone']>;

const TYPES: QuestionType[] = ['multiple_choice', 'checkboxes', 'dropdown', 'linear_scale', 'yes_no', 'number', 'short_text', 'paragraph', 'date'];
const WITH_OPTIONS = new Set<QuestionType>(['multiple_choice', 'checkboxes', 'dropdown']);

interface Draft {
  text: string;
  type: QuestionType;
  options: string;
  min: number;
  max: number;
  required: boolean;
}

const emptyQuestion = (): Draft => ({ text: '', type: 'multiple_choice', options: '', min: 1, max: 5, required: false });
const slug = (s: string, i: number) => s.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '').slice(0, 40) || `option_${i + 1}`;

function toQuestion(d: Draft, i: number): Question {
  const question = { id: `q${i + 1}`, text: d.text, type: d.type, required: d.required } as Question;
  if (WITH_OPTIONS.has(d.type)) {
    (question as { options?: { id: string; label: string }[] }).options = d.options
      .split(',')
      .map((label) => label.trim())
      .filter(Boolean)
      .map((label, j) => ({ id: slug(label, j), label }));
  }
  if (d.type === 'linear_scale') (question as { scale?: { min: number; max: number } }).scale = { min: d.min, max: d.max };
  return question;
}

export function NewSurveyPage() {
  const queryClient = useQueryClient();
  const [title, setTitle] = useState('');
  const [tone, setTone] = useState<Tone>('friendly');
  const [instructions, setInstructions] = useState('');
  const [source, setSource] = useState<'build' | 'google'>('build');
  const [formUrl, setFormUrl] = useState('');
  const [questions, setQuestions] = useState<Draft[]>([emptyQuestion()]);
  const [warnings, setWarnings] = useState<unknown[]>([]);

  const create = useMutation({
    mutationFn: async () => {
      const body: CreateBody = {
        title,
        voice_agent_tone: tone,
        ...(instructions ? { voice_agent_instructions: instructions } : {}),
        ...(source === 'google' ? { google_form_url: formUrl } : { json_questionnaire: questions.map(toQuestion) }),
      } as CreateBody;
      const { data, error, response } = await api.POST('/surveys', { body });
      if (!response.ok || !data) throw new Error(errorMessage(error));
      return data as typeof data & { import_warnings?: unknown[] };
    },
    onSuccess: async (survey) => {
      await queryClient.invalidateQueries({ queryKey: ['surveys'] });
      if (survey.import_warnings?.length) setWarnings(survey.import_warnings);
      else navigate(`/app/surveys/${survey.id}`);
    },
  });

  const update = (i: number, change: Partial<Draft>) => setQuestions((qs) => qs.map((q, j) => (j === i ? { ...q, ...change } : q)));

  return (
    <form
      className="card"
      aria-labelledby="new-survey-title"
      onSubmit={(e) => {
        e.preventDefault();
        create.mutate();
      }}
    >
      <h1 id="new-survey-title">New survey</h1>
      <label htmlFor="survey-title">Title</label>
      <input id="survey-title" required value={title} onChange={(e) => setTitle(e.target.value)} />
      <label htmlFor="survey-tone">Voice tone</label>
      <select id="survey-tone" value={tone} onChange={(e) => setTone(e.target.value as Tone)}>
        <option value="friendly">Friendly</option>
        <option value="professional">Professional</option>
        <option value="casual">Casual</option>
      </select>
      <label htmlFor="survey-instructions">Instructions for the voice agent</label>
      <textarea id="survey-instructions" value={instructions} onChange={(e) => setInstructions(e.target.value)} />

      <fieldset>
        <legend>Questions</legend>
        <label>
          <input type="radio" name="source" checked={source === 'build'} onChange={() => setSource('build')} /> Build questions here
        </label>
        <label>
          <input type="radio" name="source" checked={source === 'google'} onChange={() => setSource('google')} /> Import a Google Form
        </label>
      </fieldset>

      {source === 'google' ? (
        <>
          <label htmlFor="form-url">Google Form URL</label>
          <input id="form-url" type="url" required value={formUrl} onChange={(e) => setFormUrl(e.target.value)} />
        </>
      ) : (
        questions.map((q, i) => (
          <fieldset key={i}>
            <legend>Question {i + 1}</legend>
            <label htmlFor={`q${i}-text`}>Question {i + 1} text</label>
            <input id={`q${i}-text`} required value={q.text} onChange={(e) => update(i, { text: e.target.value })} />
            <label htmlFor={`q${i}-type`}>Question {i + 1} type</label>
            <select id={`q${i}-type`} value={q.type} onChange={(e) => update(i, { type: e.target.value as QuestionType })}>
              {TYPES.map((t) => (
                <option key={t} value={t}>
                  {t.replace('_', ' ')}
                </option>
              ))}
            </select>
            {WITH_OPTIONS.has(q.type) && (
              <>
                <label htmlFor={`q${i}-options`}>Question {i + 1} options (comma-separated)</label>
                <input id={`q${i}-options`} value={q.options} onChange={(e) => update(i, { options: e.target.value })} />
              </>
            )}
            {q.type === 'linear_scale' && (
              <div className="row">
                <label htmlFor={`q${i}-min`}>From</label>
                <input id={`q${i}-min`} type="number" value={q.min} onChange={(e) => update(i, { min: Number(e.target.value) })} />
                <label htmlFor={`q${i}-max`}>To</label>
                <input id={`q${i}-max`} type="number" value={q.max} onChange={(e) => update(i, { max: Number(e.target.value) })} />
              </div>
            )}
            <label>
              <input type="checkbox" checked={q.required} onChange={(e) => update(i, { required: e.target.checked })} /> Required
            </label>
            {questions.length > 1 && (
              <button type="button" className="secondary" onClick={() => setQuestions((qs) => qs.filter((_, j) => j !== i))}>
                Remove question {i + 1}
              </button>
            )}
          </fieldset>
        ))
      )}
      {source === 'build' && (
        <p>
          <button type="button" className="secondary" onClick={() => setQuestions((qs) => [...qs, emptyQuestion()])}>
            Add question
          </button>
        </p>
      )}
      <p>
        <button type="submit" disabled={create.isPending}>Create survey</button>
      </p>
      {create.error && <p role="alert" className="error">{create.error.message}</p>}
      {warnings.length > 0 && (
        <div role="alert">
          <p>Imported, with warnings (these items were left out):</p>
          <ul>
            {warnings.map((w, i) => (
              <li key={i}>{typeof w === 'string' ? w : JSON.stringify(w)}</li>
            ))}
          </ul>
          <button type="button" onClick={() => navigate(`/app/surveys/${create.data?.id}`)}>Continue</button>
        </div>
      )}
    </form>
  );
}
