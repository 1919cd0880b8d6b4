import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { api, fieldIssues, unwrap } from '../../api/client';
import { questionsOf, type Survey } from '../../api/types';
import { FieldError, useFocusFirstInvalid } from '../../components/field-error';
import { SaveButton } from '../../components/save-button';
import { draftOf, QuestionBuilder, questionsFromDrafts, type QuestionDraft } from './question-builder';

/**
 * The survey's questions, edited with the new-survey page's builder and saved through
 * PATCH /surveys/{id}. The API refuses (409) while a campaign of the survey runs: its message is shown.
 * Unchanged questions are sent exactly as saved, so their option words and form entries stay.
 */
export function QuestionsEditor({ survey }: { survey: Survey }) {
  const queryClient = useQueryClient();
  const form = useRef<HTMLFormElement>(null);
  const [drafts, setDrafts] = useState<QuestionDraft[]>(() => questionsOf(survey).map(draftOf));
  const save = useMutation({
    mutationFn: () =>
      unwrap(api.PATCH('/surveys/{surveyId}', { params: { path: { surveyId: survey.id } }, body: { json_questionnaire: questionsFromDrafts(drafts, questionsOf(survey)) } })),
    onSuccess: (saved) => {
      queryClient.setQueryData(['surveys', survey.id], saved);
      // new questions now have ids: a second save must not add them again
      setDrafts(questionsOf(saved).map(draftOf));
    },
  });
  useFocusFirstInvalid(form, save.error);
  const issues = fieldIssues(save.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  return (
    <form ref={form} className="card" aria-labelledby="questions-title" onSubmit={submit} noValidate>
      <h2 id="questions-title">Questions</h2>
      <p>Answers already stored stay with their question; a question whose type or options change may no longer match them.</p>
      <FieldError id="questions-form" message={issues.json_questionnaire} />
      <QuestionBuilder drafts={drafts} onChange={setDrafts} issues={issues} />
      <SaveButton label="Save questions" save={save} fieldsMarked />
    </form>
  );
}
