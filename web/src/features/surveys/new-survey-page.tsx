import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, fieldIssues, unwrap } from '../../api/client';
import type { ImportWarning, SurveyCreate } from '../../api/types';
import { navigate } from '../../router';
import { ImportWarnings } from './import-warnings';
import { emptyQuestion, QuestionBuilder, questionsFromDrafts, type QuestionDraft } from './question-builder';
import { defaultVoiceSettings, VoiceFields, type VoiceSettingsValue } from './voice-fields';

export function NewSurveyPage() {
  const queryClient = useQueryClient();
  const [title, setTitle] = useState('');
  const [voice, setVoice] = useState<VoiceSettingsValue>(defaultVoiceSettings);
  const [source, setSource] = useState<'build' | 'google'>('build');
  const [formUrl, setFormUrl] = useState('');
  const [questions, setQuestions] = useState<QuestionDraft[]>(() => [emptyQuestion()]);
  const [warnings, setWarnings] = useState<ImportWarning[]>([]);

  const create = useMutation({
    mutationFn: async () => {
      const body: SurveyCreate = {
        title,
        voice_agent_tone: voice.voice_agent_tone,
        voice_agent_voice: voice.voice_agent_voice,
        voicemail_action: voice.voicemail_action,
        ...(voice.voice_agent_instructions.trim() ? { voice_agent_instructions: voice.voice_agent_instructions.trim() } : {}),
        ...(source === 'google' ? { google_form_url: formUrl } : { json_questionnaire: questionsFromDrafts(questions) }),
      };
      return unwrap(api.POST('/surveys', { body }));
    },
    onSuccess: async (survey) => {
      await queryClient.invalidateQueries({ queryKey: ['surveys'] });
      if (survey.import_warnings?.length) setWarnings(survey.import_warnings);
      else navigate(`/app/surveys/${survey.id}`);
    },
  });

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
        <QuestionBuilder drafts={questions} onChange={setQuestions} issues={fieldIssues(create.error)} />
      )}
      <p>
        <button type="submit" disabled={create.isPending}>Create survey</button>
      </p>
      {create.error && <p role="alert" className="error">{create.error.message}</p>}
      {warnings.length > 0 && <ImportWarnings warnings={warnings} onContinue={() => navigate(`/app/surveys/${create.data?.id}`)} />}
    </form>
  );
}
