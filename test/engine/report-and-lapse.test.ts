import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replayOptions, tracingModes } from '../helpers/replay-options.ts';
import { reportCallCompleted } from '../../src/campaigns/report-call.ts';
import { createHarness, type Harness } from '../helpers/harness.ts';
import { waitFor } from '../helpers/wait-for.ts';

const RESULT_TIMEOUT_MS = 1_500;

describe('a call report and the call-result timeout in the same workflow task', () => {
  let h: Harness;
  beforeAll(async () => {
    // simulated calls that never report on their own: the test plays the voice agent
    h = await createHarness({ callDelayMs: 3_600_000, campaign: { callResultTimeoutMs: RESULT_TIMEOUT_MS } });
    await h.startWorker();
  });
  afterAll(() => h?.close());

  it('keeps the report: the answers are stored and the call counts as completed, not as lost', async () => {
    const { campaignId, workflowId, callId } = await h.launchOneCall('report-and-lapse');

    // no worker while the report lands and the timeout lapses: both wait in the history for the same
    // workflow task (what a worker or a cluster outage leaves behind)
    await h.stopWorker();
    const report = {
      call_id: callId!,
      outcome: 'completed' as const,
      answers: [{ question_id: 'recommend', raw_answer: 'yes', mapped_value: true, confidence: 0.9 }],
      transcript: [{ role: 'participant' as const, text: 'yes' }],
      duration_seconds: 30,
    };
    expect(await reportCallCompleted(h.client, workflowId, report)).toEqual({ delivered: true });
    const handle = h.client.workflow.getHandle(workflowId);
    await waitFor('the call-result timer to fire after the report', async () => {
      const { events } = await handle.fetchHistory();
      const signalled = events!.findIndex((e) => e.workflowExecutionSignaledEventAttributes);
      return signalled >= 0 && events!.slice(signalled).some((e) => e.timerFiredEventAttributes);
    }, 30_000, 100);

    await h.startWorker();
    expect(await h.result(campaignId)).toMatchObject({ completed_calls: 1, failed_calls: 0 });
    const calls = await h.sql`select outcome, infrastructure_failure from calls where campaign_id = ${campaignId} order by attempt`;
    expect(calls).toEqual([{ outcome: 'completed', infrastructure_failure: false }]);
    const answers = await h.sql`select question_id, raw_answer from responses where call_id = ${callId!}`;
    expect(answers).toEqual([{ question_id: 'recommend', raw_answer: 'yes' }]);

    // the run took the patched branch; its history replays on the code of both worker modes
    // (test/fixtures/histories/v4/contact-call-report-and-lapse.json keeps one such history for good)
    const history = await handle.fetchHistory();
    expect(history.events!.some((e) => e.markerRecordedEventAttributes?.markerName === 'core_patch')).toBe(true);
    for (const mode of tracingModes) {
      await expect(Worker.runReplayHistory(replayOptions(mode), history, workflowId)).resolves.toBeUndefined();
    }
  });
});
