import { describe, expect, it } from 'vitest';
import { freshHistory, mayLeaveVoicemail, planRetry, type ContactHistory } from '../../src/domain/retry-plan.ts';
import { retryPolicySchema } from '../../src/domain/retry-policy.ts';

const policy = (p: object) => retryPolicySchema.parse(p);
const after = (used: number, voicemails = 0): ContactHistory => ({ ...freshHistory, attempts: used, used, byOutcome: voicemails ? { voicemail: voicemails } : {} });

describe('the retry policy', () => {
  it('leaves the voicemail message only on the attempt after which no retry would follow', () => {
    const threeTries = policy({ max_attempts: 3 });
    expect([0, 1, 2].map((used) => mayLeaveVoicemail(threeTries, after(used)))).toEqual([false, false, true]);
    // a voicemail class limit of 2 ends the tries on the second voicemail, whatever the budget says
    const twoVoicemails = policy({ max_attempts: 5, per_outcome: { voicemail: 2 } });
    expect(mayLeaveVoicemail(twoVoicemails, after(1, 0))).toBe(false);
    expect(mayLeaveVoicemail(twoVoicemails, after(1, 1))).toBe(true);
    expect(mayLeaveVoicemail(policy({ max_attempts: 3, voicemail_message: 'every_attempt' }), after(0))).toBe(true);
    expect(mayLeaveVoicemail(policy({ max_attempts: 1, voicemail_message: 'never' }), after(0))).toBe(false);
  });

  it('spends one budget across outcomes and retries infrastructure losses for free', () => {
    const p = policy({ max_attempts: 2, backoff: { base_seconds: 10, factor: 2, cap_seconds: 60, jitter: 0 } });
    const base = { policy: p, now: 0, random: () => 0.5 };
    const first = planRetry({ ...base, history: freshHistory, outcome: 'no_answer', infrastructure: false });
    expect(first).toMatchObject({ delayMs: 10_000, history: { attempts: 1, used: 1 } });
    const lost = planRetry({ ...base, history: first.history, outcome: 'failed', infrastructure: true });
    expect(lost).toMatchObject({ history: { attempts: 2, used: 1, infrastructure: 1 } });
    expect(lost.delayMs).not.toBeNull();
    // a busy signal after a no-answer uses the same budget: no third dial
    expect(planRetry({ ...base, history: lost.history, outcome: 'busy', infrastructure: false })).toMatchObject({ delayMs: null, history: { used: 2 } });
    expect(planRetry({ ...base, history: freshHistory, outcome: 'completed', infrastructure: false }).delayMs).toBeNull();
  });
});
