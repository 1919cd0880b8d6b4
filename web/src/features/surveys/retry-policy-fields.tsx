import type { RetryPolicy } from '../../api/types';
import { FieldError, fieldProps } from '../../components/field-error';

/** The outcome classes a retry policy limits: the keys of its `per_outcome`, named by the API's document. */
export type RetryClass = keyof RetryPolicy['per_outcome'];

/** Each class in words; the compiler insists on every class the API names. */
const classNames = {
  no_answer: 'No answer',
  busy: 'Busy',
  voicemail: 'Voicemail',
  failed: 'Carrier failure (the call could not be made)',
  hung_up_early: 'Hung up early',
  callback_requested: 'Asked to be called back',
} satisfies Record<RetryClass, string>;
const retryClasses = Object.keys(classNames) as RetryClass[];

type VoicemailRule = RetryPolicy['voicemail_message'];
/** When the agent leaves the voicemail message, in words; every rule the API takes. */
const voicemailRules = Object.entries({
  last_attempt: 'only on the last attempt',
  every_attempt: 'on every attempt',
  never: 'never',
} satisfies Record<VoicemailRule, string>) as [VoicemailRule, string][];

/** The form's values as typed: strings, so an emptied field stays empty instead of becoming 0. */
export interface RetryPolicyForm {
  max_attempts: string;
  per_outcome: Record<RetryClass, string>;
  base_seconds: string;
  factor: string;
  cap_seconds: string;
  jitter: string;
  voicemail_message: VoicemailRule;
}

export function retryPolicyForm(policy: RetryPolicy): RetryPolicyForm {
  const limits = policy.per_outcome as Partial<Record<RetryClass, number>>;
  return {
    max_attempts: String(policy.max_attempts),
    per_outcome: Object.fromEntries(retryClasses.map((c) => [c, limits[c] === undefined ? '' : String(limits[c])])) as Record<RetryClass, string>,
    base_seconds: String(policy.backoff.base_seconds),
    factor: String(policy.backoff.factor),
    cap_seconds: String(policy.backoff.cap_seconds),
    jitter: String(policy.backoff.jitter),
    voicemail_message: policy.voicemail_message,
  };
}

// an emptied field goes to the API as null (NaN serialises so), which it names, rather than as a default
const number = (text: string) => (text.trim() === '' ? Number.NaN : Number(text));

/** The policy to send: per-outcome limits left empty are left out (the attempts budget alone applies). */
export function retryPolicyBody(form: RetryPolicyForm): RetryPolicy {
  return {
    max_attempts: number(form.max_attempts),
    per_outcome: Object.fromEntries(retryClasses.filter((c) => form.per_outcome[c].trim() !== '').map((c) => [c, number(form.per_outcome[c])])),
    backoff: { base_seconds: number(form.base_seconds), factor: number(form.factor), cap_seconds: number(form.cap_seconds), jitter: number(form.jitter) },
    voicemail_message: form.voicemail_message,
  };
}

/** Seconds in words ("1 day 2 hours", "15 minutes"), for the hint beside a field in seconds. */
export function durationInWords(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '';
  if (seconds < 60) return `${seconds} seconds`;
  const parts: string[] = [];
  let rest = Math.round(seconds / 60);
  for (const [unit, size] of [['day', 1440], ['hour', 60], ['minute', 1]] as const) {
    const n = Math.floor(rest / size);
    rest -= n * size;
    if (n > 0) parts.push(`${n} ${unit}${n === 1 ? '' : 's'}`);
  }
  return parts.join(' ');
}

interface NumberFieldProps {
  id: string;
  label: string;
  hint?: string;
  value: string;
  onChange: (value: string) => void;
  min: number;
  max: number;
  step?: number;
  issue: string | undefined;
}

/** A number field with its hint and the API's message for it, both read out with the field. */
function NumberField({ id, label, hint, value, onChange, min, max, step = 1, issue }: NumberFieldProps) {
  return (
    <div>
      <label htmlFor={id}>{label}</label>
      <input type="number" inputMode="decimal" min={min} max={max} step={step} value={value} onChange={(e) => onChange(e.target.value)} {...fieldProps(id, issue, hint ? `${id}-hint` : undefined)} />
      {hint && (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      )}
      <FieldError id={id} message={issue} />
    </div>
  );
}

/**
 * Every field of the API's retry policy: the attempts budget, a limit per outcome class (only
 * narrowing the budget), the backoff (base × factor^(n-1), capped, ± jitter) and the voicemail rule.
 * `issues` are the API's messages by path (`retry_policy.backoff.jitter`).
 */
export function RetryPolicyFields({ value, onChange, issues }: { value: RetryPolicyForm; onChange: (change: Partial<RetryPolicyForm>) => void; issues: Record<string, string> }) {
  const issue = (path: string) => issues[`retry_policy.${path}`];
  return (
    <>
      <NumberField id="retry-attempts" label="Attempts per contact (1–10)" hint="The contact's whole budget, every outcome together." value={value.max_attempts} onChange={(v) => onChange({ max_attempts: v })} min={1} max={10} issue={issue('max_attempts')} />
      <fieldset aria-describedby={issue('per_outcome') ? 'retry-limits-error' : undefined}>
        <legend>Attempts at most after each outcome (empty: only the budget above applies)</legend>
        {issue('per_outcome') && <FieldError id="retry-limits" message={issue('per_outcome')} />}
        <div className="field-grid">
          {retryClasses.map((c) => (
            <NumberField
              key={c}
              id={`retry-limit-${c}`}
              label={classNames[c]}
              value={value.per_outcome[c]}
              onChange={(v) => onChange({ per_outcome: { ...value.per_outcome, [c]: v } })}
              min={1}
              max={10}
              issue={issue(`per_outcome.${c}`)}
            />
          ))}
        </div>
      </fieldset>
      <fieldset>
        <legend>Wait between attempts: the first wait, multiplied by the factor each time, up to the longest</legend>
        <NumberField id="retry-base" label="First wait, in seconds" hint={durationInWords(Number(value.base_seconds))} value={value.base_seconds} onChange={(v) => onChange({ base_seconds: v })} min={0} max={604_800} issue={issue('backoff.base_seconds')} />
        <NumberField id="retry-factor" label="Factor for each later wait (1–10)" value={value.factor} onChange={(v) => onChange({ factor: v })} min={1} max={10} step={0.1} issue={issue('backoff.factor')} />
        <NumberField id="retry-cap" label="Longest wait, in seconds" hint={durationInWords(Number(value.cap_seconds))} value={value.cap_seconds} onChange={(v) => onChange({ cap_seconds: v })} min={0} max={604_800} issue={issue('backoff.cap_seconds')} />
        <NumberField
          id="retry-jitter"
          label="Jitter (0–1)"
          hint="Each wait is moved by up to this share of it, earlier or later, so retries do not all land at once."
          value={value.jitter}
          onChange={(v) => onChange({ jitter: v })}
          min={0}
          max={1}
          step={0.05}
          issue={issue('backoff.jitter')}
        />
      </fieldset>
      <label htmlFor="retry-voicemail">Leave the voicemail message</label>
      <select id="retry-voicemail" value={value.voicemail_message} onChange={(e) => onChange({ voicemail_message: e.target.value as VoicemailRule })}>
        {voicemailRules.map(([rule, words]) => (
          <option key={rule} value={rule}>
            {words}
          </option>
        ))}
      </select>
    </>
  );
}
