import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, errorMessage } from '../../api/client';
import type { ImportWarning, Question, QuestionType, SurveyCreate } from '../../api/types';
import { navigate } from '../../router';
import { ImportWarnings } from './import-warnings';
import { questionTypes, withOptions } from './question-types';
import { defaultVoiceSettings, VoiceFields, type VoiceSettingsValue } from './voice-fields';

interface Draft {
  text: string;
  type: QuestionType;
  options: string;
  min: number;
  max: number;
  minLabel: string;
  maxLabel: string;
  required: boolean;
}

const emptyQuestion = (): Draft => ({ text: '', type: 'multiple_choice', options: '', min: 1, max: 5, minLabel: '', maxLabel: '', required: false });
const slug = (s: string, i: number) => s.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '').slice(0, 40) || `option_${i + 1}`;

function toQuestion(d: Draft, i: number): Question {
  const question: Question = { id: `q${i + 1}`, text: d.text, type: d.type, required: d.required };
  if (withOptions.has(d.type)) {
    question.options = d.options
      .split(',')
      .map((label) => label.trim())
      .filter(Boolean)
      .map((label, j) => ({ id: slug(label, j), label }));
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
}

export function NewSurveyPage() {
  const queryClient = useQueryClient();
  const [title, setTitle] = useState('');
  const [voice, setVoice] = useState<VoiceSettingsValue>(defaultVoiceSettings);
  const [source, setSource] = useState<'build' | 'google'>('build');
  const [formUrl, setFormUrl] = useState('');
  const [questions, setQuestions] = useState<Draft[]>([emptyQuestion()]);
  const [warnings, setWarnings] = useState<ImportWarning[]>([]);

  const create = useMutation({
    mutationFn: async () => {
      const body: SurveyCreate = {
        title,
        voice_agent_tone: voice.voice_agent_tone,
        voice_agent_voice: voice.voice_agent_voice,
        voicemail_action: voice.voicemail_action,
        ...(voice.voice_agent_instructions.trim() ? { voice_agent_instructions: voice.voice_agent_instructions.trim() } : {}),
        ...(source === 'google' ? { google_form_url: formUrl } : { json_questionnaire: questions.map(toQuestion) }),
      };
      const { data, error, response } = await api.POST('/surveys', { body });
      if (!response.ok || !data) throw new Error(errorMessage(error));
      return data;
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
      <VoiceFields value={voice} onChange={(change) => setVoice((v) => ({ ...v, ...change }))} />

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
              {questionTypes.map(([type, name]) => (
                <option key={type} value={type}>
                  {name}
                </option>
              ))}
            </select>
            {withOptions.has(q.type) && (
              <>
                <label htmlFor={`q${i}-options`}>Question {i + 1} options (comma-separated)</label>
                <input id={`q${i}-options`} value={q.options} onChange={(e) => update(i, { options: e.target.value })} />
              </>
            )}
            {q.type === 'linear_scale' && (
              <>
                <label htmlFor={`q${i}-min`}>Question {i + 1} scale from (0 or 1)</label>
                <input id={`q${i}-min`} type="number" min={0} max={1} required value={q.min} onChange={(e) => update(i, { min: Number(e.target.value) })} />
                <label htmlFor={`q${i}-min-label`}>Question {i + 1} label for the lowest value (optional, e.g. “Not at all”)</label>
                <input id={`q${i}-min-label`} maxLength={200} value={q.minLabel} onChange={(e) => update(i, { minLabel: e.target.value })} />
                <label htmlFor={`q${i}-max`}>Question {i + 1} scale to (2 to 10)</label>
                <input id={`q${i}-max`} type="number" min={2} max={10} required value={q.max} onChange={(e) => update(i, { max: Number(e.target.value) })} />
                <label htmlFor={`q${i}-max-label`}>Question {i + 1} label for the highest value (optional, e.g. “Very much”)</label>
                <input id={`q${i}-max-label`} maxLength={200} value={q.maxLabel} onChange={(e) => update(i, { maxLabel: e.target.value })} />
              </>
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
      {warnings.length > 0 && <ImportWarnings warnings={warnings} onContinue={() => navigate(`/app/surveys/${create.data?.id}`)} />}
    </form>
  );
}
