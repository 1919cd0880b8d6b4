import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportCallCompleted } from '../../src/campaigns/report-call.ts';
import { campaignTeller } from '../../src/temporal/campaign-teller.ts';
import { callCompletedSignal, campaignWorkflowId, contactCallStateQuery, contactFinishedSignal } from '../../workflows/messages.ts';
import { createHarness, type Harness } from '../helpers/harness.ts';

describe('the callCompleted signal', () => {
  let h: Harness;
  beforeAll(async () => {
    // simulated calls that never report on their own: the test plays the voice agent
    h = await createHarness({ callDelayMs: 3_600_000 });
    await h.startWorker();
  });
  afterAll(() => h?.close());

  it('accepts the current call\'s report, ignores stale or invalid ones (refused before sending, or ignored by the workflow), and rejects reports for finished calls', async () => {
    const { campaignId, workflowId, callId } = await h.launchOneCall('signals');

    // malformed: refused before it is sent
    const invalid = await reportCallCompleted(h.client, workflowId, { call_id: callId!, outcome: 'exploded' as never });
    expect(invalid).toMatchObject({ delivered: false, reason: 'invalid_report' });
    // a report about another call reaches the workflow, which ignores it
    expect(await reportCallCompleted(h.client, workflowId, { call_id: 'some-earlier-call', outcome: 'completed' })).toEqual({
      delivered: true,
    });
    // malformed, signalled straight to the workflow (as an operator's CLI could): the workflow ignores it
    await h.client.workflow.getHandle(workflowId).signal(callCompletedSignal, { call_id: callId!, outcome: 'exploded' } as never);
    await h.client.workflow.getHandle(workflowId).signal(callCompletedSignal, { call_id: callId!, outcome: 'completed', answers: 'yes' } as never);
    await new Promise((r) => setTimeout(r, 200));
    expect(await h.client.workflow.getHandle(workflowId).query(contactCallStateQuery)).toMatchObject({
      phase: 'in_call',
      callId,
    });

    const report = {
      call_id: callId!,
      outcome: 'completed' as const,
      answers: [{ question_id: 'recommend', raw_answer: 'yes absolutely', mapped_value: true, confidence: 0.97 }],
      transcript: [{ role: 'participant' as const, text: 'yes absolutely' }],
      duration_seconds: 42.5,
    };
    expect(await reportCallCompleted(h.client, workflowId, report)).toEqual({ delivered: true });
    const result = await h.result(campaignId);
    expect(result).toMatchObject({ completed_calls: 1, failed_calls: 0 });

    const [call] = await h.sql`select outcome, duration_seconds, transcript from calls where id = ${callId!}`;
    expect(call).toEqual({ outcome: 'completed', duration_seconds: 42.5, transcript: report.transcript });
    const responses = await h.sql`select question_id, raw_answer, mapped_value, confidence from responses where call_id = ${callId!}`;
    expect(responses).toEqual([{ question_id: 'recommend', raw_answer: 'yes absolutely', mapped_value: true, confidence: 0.97 }]);

    // late: the contact's workflow has finished
    expect(await reportCallCompleted(h.client, workflowId, report)).toMatchObject({
      delivered: false,
      reason: 'unknown_or_finished_call',
    });
    // unknown: no such workflow at all
    expect(await reportCallCompleted(h.client, `${workflowId}-nope`, report)).toMatchObject({
      delivered: false,
      reason: 'unknown_or_finished_call',
    });
  });

  it('a contact run tells its campaign once per request id, however often its local activity repeats it', async () => {
    const { campaignId } = await h.launchOneCall('teller');
    const tell = campaignTeller(h.client);
    // a contact the campaign does not hold in flight: counted nowhere, so only the history shows the deliveries
    const report = { campaignWorkflowId: campaignWorkflowId(campaignId), finished: { contactId: 'not-in-this-campaign', outcome: 'completed' as const, attempts: 1 } };
    expect(await tell({ ...report, requestId: 'run-1/finished' })).toEqual({ delivered: true });
    expect(await tell({ ...report, requestId: 'run-1/finished' })).toEqual({ delivered: true });
    expect(await tell({ ...report, requestId: 'run-2/finished' })).toEqual({ delivered: true });
    // closed first: signals that came while a workflow task ran are buffered, and written to the history
    // by the time the run closes, so the count below is every signal the server accepted
    await h.client.workflow.getHandle(campaignWorkflowId(campaignId)).terminate('test over');
    const history = await h.client.workflow.getHandle(campaignWorkflowId(campaignId)).fetchHistory();
    const told = (history.events ?? []).filter((e) => e.workflowExecutionSignaledEventAttributes?.signalName === contactFinishedSignal.name);
    expect(told).toHaveLength(2);
    // a campaign that is gone: nothing to tell, and not an error (the result is in the database)
    expect(await tell({ ...report, campaignWorkflowId: `${campaignWorkflowId(campaignId)}-gone`, requestId: 'run-3/finished' })).toEqual({ delivered: false });
  });
});
