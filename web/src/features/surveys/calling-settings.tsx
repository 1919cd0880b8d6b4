import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, unwrap } from '../../api/client';
import type { CallingHours, RetryPolicy, Survey, SurveyPatch } from '../../api/types';
import { SaveButton } from '../../components/save-button';

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
 * `retry_policy` (null = the service's defaults). Per-outcome limits and the backoff's shape are kept
 * as they are; the form sets the attempts, the first wait and the voicemail rule.
 */
export function CallingSettings({ survey }: { survey: Survey }) {
  const queryClient = useQueryClient();
  const [customHours, setCustomHours] = useState(survey.calling_hours !== null);
  const [hours, setHours] = useState<CallingHours>(survey.calling_hours ?? defaultHours);
  const [customPolicy, setCustomPolicy] = useState(survey.retry_policy !== null);
  const [policy, setPolicy] = useState<RetryPolicy>(survey.retry_policy ?? defaultPolicy);
  const save = useMutation({
    mutationFn: (patch: SurveyPatch) => unwrap(api.PATCH('/surveys/{surveyId}', { params: { path: { surveyId: survey.id } }, body: patch })),
    onSuccess: (saved) => queryClient.setQueryData(['surveys', survey.id], saved),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate({ calling_hours: customHours ? hours : null, retry_policy: customPolicy ? policy : null });
  };
  const toggleDay = (day: Day, on: boolean) => setHours((h) => ({ ...h, days: on ? DAYS.map(([d]) => d).filter((d) => d === day || h.days.includes(d)) : h.days.filter((d) => d !== day) }));

  return (
    <form className="card" aria-labelledby="calling-settings-title" onSubmit={submit}>
      <h2 id="calling-settings-title">Calling hours and retries</h2>
      <fieldset>
        <legend>Calling hours, in each contact's own time zone</legend>
        <label>
          <input type="checkbox" checked={!customHours} onChange={(e) => setCustomHours(!e.target.checked)} /> Use the service's default hours
        </label>
        {customHours && (
          <>
            <fieldset>
              <legend>Days</legend>
              <div className="row">
                {DAYS.map(([day, name]) => (
                  <label key={day}>
                    <input type="checkbox" checked={hours.days.includes(day)} onChange={(e) => toggleDay(day, e.target.checked)} /> {name}
                  </label>
                ))}
              </div>
            </fieldset>
            <label htmlFor="hours-start">From</label>
            <input id="hours-start" type="time" required value={hours.start} onChange={(e) => setHours((h) => ({ ...h, start: e.target.value }))} />
            <label htmlFor="hours-end">Until</label>
            {/* a time field cannot show 24:00 (end of day): it shows 23:59 and the saved value stays 24:00 unless changed */}
            <input id="hours-end" type="time" required value={hours.end === '24:00' ? '23:59' : hours.end} onChange={(e) => setHours((h) => ({ ...h, end: e.target.value }))} />
            <label htmlFor="hours-zone">Time zone for contacts whose zone is unknown (IANA name)</label>
            <input id="hours-zone" required value={hours.time_zone} onChange={(e) => setHours((h) => ({ ...h, time_zone: e.target.value }))} />
          </>
        )}
      </fieldset>
      <fieldset>
        <legend>Retries</legend>
        <label>
          <input type="checkbox" checked={!customPolicy} onChange={(e) => setCustomPolicy(!e.target.checked)} /> Use the service's default retry policy
        </label>
        {customPolicy && (
          <>
            <label htmlFor="retry-attempts">Attempts per contact (1–10)</label>
            <input id="retry-attempts" type="number" min={1} max={10} required value={policy.max_attempts} onChange={(e) => setPolicy((p) => ({ ...p, max_attempts: Number(e.target.value) }))} />
            <label htmlFor="retry-wait">Wait before the first retry, in minutes (doubles each time)</label>
            <input
              id="retry-wait"
              type="number"
              min={0}
              required
              value={Math.round(policy.backoff.base_seconds / 60)}
              onChange={(e) => setPolicy((p) => ({ ...p, backoff: { ...p.backoff, base_seconds: Number(e.target.value) * 60 } }))}
            />
            <label htmlFor="retry-voicemail">Leave the voicemail message</label>
            <select id="retry-voicemail" value={policy.voicemail_message} onChange={(e) => setPolicy((p) => ({ ...p, voicemail_message: e.target.value as RetryPolicy['voicemail_message'] }))}>
              <option value="last_attempt">only on the last attempt</option>
              <option value="every_attempt">on every attempt</option>
              <option value="never">never</option>
            </select>
          </>
        )}
      </fieldset>
      <SaveButton label="Save calling settings" save={save} />
    </form>
  );
}
