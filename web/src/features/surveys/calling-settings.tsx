import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { api, fieldIssues, unwrap } from '../../api/client';
import type { CallingHours, RetryPolicy, Survey, SurveyPatch } from '../../api/types';
import { FieldError, fieldProps, useFocusFirstInvalid } from '../../components/field-error';
import { SaveButton } from '../../components/save-button';
import { RetryPolicyFields, retryPolicyBody, retryPolicyForm, type RetryPolicyForm } from './retry-policy-fields';

const DAYS = [
  ['mon', 'Monday'],
  ['tue', 'Tuesday'],
  ['wed', 'Wednesday'],
  ['thu', 'Thursday'],
  ['fri', 'Friday'],
  ['sat', 'Saturday'],
  ['sun', 'Sunday'],
] as const;
type Day = CallingHours['days'][number];

// what the form shows when the survey uses the service's defaults (the API's own defaults)
const defaultHours: CallingHours = { days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '20:00', time_zone: 'America/New_York' };
const defaultPolicy: RetryPolicy = { max_attempts: 1, per_outcome: {}, backoff: { base_seconds: 900, factor: 2, cap_seconds: 86_400, jitter: 0.2 }, voicemail_message: 'last_attempt' };

/**
 * When contacts may be called and how often they are tried: the survey's `calling_hours` and
 * `retry_policy` (null = the service's defaults), every field the API takes. The API is the one
 * judge of the values (the form does not block on the browser's own checks): its messages are shown
 * under the fields they name, and focus moves to the first of them.
 */
export function CallingSettings({ survey }: { survey: Survey }) {
  const queryClient = useQueryClient();
  const form = useRef<HTMLFormElement>(null);
  const [customHours, setCustomHours] = useState(survey.calling_hours !== null);
  const [hours, setHours] = useState<CallingHours>(survey.calling_hours ?? defaultHours);
  const [customPolicy, setCustomPolicy] = useState(survey.retry_policy !== null);
  const [policy, setPolicy] = useState<RetryPolicyForm>(() => retryPolicyForm(survey.retry_policy ?? defaultPolicy));
  const save = useMutation({
    mutationFn: (patch: SurveyPatch) => unwrap(api.PATCH('/surveys/{surveyId}', { params: { path: { surveyId: survey.id } }, body: patch })),
    onSuccess: (saved) => queryClient.setQueryData(['surveys', survey.id], saved),
  });
  useFocusFirstInvalid(form, save.error);
  const issues = fieldIssues(save.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate({ calling_hours: customHours ? hours : null, retry_policy: customPolicy ? retryPolicyBody(policy) : null });
  };
  const toggleDay = (day: Day, on: boolean) => setHours((h) => ({ ...h, days: on ? DAYS.map(([d]) => d).filter((d) => d === day || h.days.includes(d)) : h.days.filter((d) => d !== day) }));

  return (
    <form ref={form} className="card" aria-labelledby="calling-settings-title" onSubmit={submit} noValidate>
      <h2 id="calling-settings-title">Calling hours and retries</h2>
      <fieldset>
        <legend>Calling hours, in each contact's own time zone</legend>
        <label>
          <input type="checkbox" checked={!customHours} onChange={(e) => setCustomHours(!e.target.checked)} /> Use the service's default hours
        </label>
        {customHours && (
          <>
            <fieldset aria-describedby={issues['calling_hours.days'] ? 'hours-days-error' : undefined}>
              <legend>Days</legend>
              <div className="row">
                {DAYS.map(([day, name]) => (
                  <label key={day}>
                    <input type="checkbox" checked={hours.days.includes(day)} onChange={(e) => toggleDay(day, e.target.checked)} /> {name}
                  </label>
                ))}
              </div>
              <FieldError id="hours-days" message={issues['calling_hours.days']} />
            </fieldset>
            <label htmlFor="hours-start">From</label>
            <input type="time" required value={hours.start} onChange={(e) => setHours((h) => ({ ...h, start: e.target.value }))} {...fieldProps('hours-start', issues['calling_hours.start'])} />
            <FieldError id="hours-start" message={issues['calling_hours.start']} />
            <label htmlFor="hours-end">Until</label>
            {/* a time field cannot show 24:00 (end of day): it shows 23:59 and the saved value stays 24:00 unless changed */}
            <input type="time" required value={hours.end === '24:00' ? '23:59' : hours.end} onChange={(e) => setHours((h) => ({ ...h, end: e.target.value }))} {...fieldProps('hours-end', issues['calling_hours.end'])} />
            <FieldError id="hours-end" message={issues['calling_hours.end']} />
            <label htmlFor="hours-zone">Time zone for contacts whose zone is unknown (IANA name)</label>
            <input required value={hours.time_zone} onChange={(e) => setHours((h) => ({ ...h, time_zone: e.target.value }))} {...fieldProps('hours-zone', issues['calling_hours.time_zone'])} />
            <FieldError id="hours-zone" message={issues['calling_hours.time_zone']} />
          </>
        )}
      </fieldset>
      <fieldset>
        <legend>Retries</legend>
        <label>
          <input type="checkbox" checked={!customPolicy} onChange={(e) => setCustomPolicy(!e.target.checked)} /> Use the service's default retry policy
        </label>
        {customPolicy && <RetryPolicyFields value={policy} onChange={(change) => setPolicy((p) => ({ ...p, ...change }))} issues={issues} />}
      </fieldset>
      <SaveButton label="Save calling settings" save={save} fieldsMarked />
    </form>
  );
}
