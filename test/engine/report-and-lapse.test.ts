import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { permanentFailure } from '../../activities/errors.ts';
import { reportCallCompleted } from '../../src/campaigns/report-call.ts';
import { failureTypes } from '../../workflows/messages.ts';
import { createHarness, type Harness, type HarnessOptions } from '../helpers/harness.ts';
import { replayOptions, tracingModes } from '../helpers/replay-options.ts';
import { waitFor } from '../helpers/wait-for.ts';

const RESULT_TIMEOUT_MS = 1_500;

/**
 * A one-contact campaign whose call's report and the lapse of its wait reach the contact's run in
 * the same workflow task: no worker while the report lands and the timer fires (what a worker or a
 * cluster outage leaves behind), then a worker again. Returns what the run stored.
 */
async function reportMeetsLapse(h: Harness, label: string) {
  const { campaignId, workflowId, callId } = await h.launchOneCall(label);
  await h.stopWorker();
  const report = {
    call_id: callId,
    outcome: 'completed' as const,
    answers: [{ question_id: 'recommend', raw_answer: 'yes', mapped_value: true, confidence: 0.9 }],
    transcript: [{ role: 'participant' as const, text: 'yes' }],
    duration_seconds: 30,
  };
  expect(await reportCallCompleted(h.client, workflowId, report)).toEqual({ delivered: true });
  const handle = h.client.workflow.getHandle(workflowId);
  await waitFor('the wait\'s timer to fire after the report', async () => {
    const { events } = await handle.fetchHistory();
    const signalled = events!.findIndex((e) => e.workflowExecutionSignaledEventAttributes);
    return signalled >= 0 && events!.slice(signalled).some((e) => e.timerFiredEventAttributes);
  }, 30_000, 100);
  await h.startWorker();
  return {
    status: await h.result(campaignId),
    calls: await h.sql`select outcome, infrastructure_failure from calls where campaign_id = ${campaignId} order by attempt`,
    answers: await h.sql`select question_id, raw_answer from responses where call_id = ${callId}`,
    history: await handle.fetchHistory(),
    workflowId,
  };
}

// patched: whether the run needed `report-outranks-lapse`. The call-result wait races `condition(fn)`
// (an async function, so more promise steps) against `sleep`, and the timer won; the lost dial's grace
// is the SDK's own `condition(fn, timeout)`, whose race the report already won (the patch is a guard)
describe.each<[string, boolean, Pick<HarnessOptions, 'activities'>]>([
  ['the call-result timeout', true, {}],
  [
    'the grace a lost dial waits for its report',
    false,
    // the attempt is recorded, then its dial counts as lost (its worker died, the provider had no call):
    // the run still waits a while for a report from a call that may have happened
    {
      activities: (built) => ({
        ...built,
        async dispatchCall(input) {
          await built.dispatchCall(input);
          throw permanentFailure(failureTypes.dialLost, 'dial interrupted; the provider has no such call');
        },
      }),
    },
  ],
])('a call report and %s in the same workflow task', (_wait, patched, options) => {
  let h: Harness;
  beforeAll(async () => {
    // simulated calls that never report on their own: the test plays the voice agent
    h = await createHarness({ callDelayMs: 3_600_000, campaign: { callResultTimeoutMs: RESULT_TIMEOUT_MS }, ...options });
    await h.startWorker();
  });
  afterAll(() => h?.close());

  it('keeps the report: the answers are stored and the call counts as completed, not as lost', async () => {
    const { status, calls, answers, history, workflowId } = await reportMeetsLapse(h, 'report-and-lapse');
    expect(status).toMatchObject({ completed_calls: 1, failed_calls: 0 });
    expect(calls).toEqual([{ outcome: 'completed', infrastructure_failure: false }]);
    expect(answers).toEqual([{ question_id: 'recommend', raw_answer: 'yes' }]);

    // the history replays on the code of both worker modes (a run that took the patched branch is kept
    // for good in test/fixtures/histories/v4/contact-call-report-and-lapse.json)
    expect(history.events!.some((e) => e.markerRecordedEventAttributes?.markerName === 'core_patch')).toBe(patched);
    for (const mode of tracingModes) {
      await expect(Worker.runReplayHistory(replayOptions(mode), history, workflowId)).resolves.toBeUndefined();
    }
  });
});
