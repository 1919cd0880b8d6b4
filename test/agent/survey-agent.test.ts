import { voice } from '@livekit/agents';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidJobError, prepareCall } from '../../agent/prepare-call.ts';
import { reportCallCompleted } from '../../src/campaigns/report-call.ts';
import type { CallReportInput } from '../../src/domain/call-report.ts';
import { seedContacts, seedSurvey, seedUser } from '../../src/dev/seed.ts';
import { createHarness, uniqueEmail, type Harness } from '../helpers/harness.ts';
import { textAgentDialer } from '../helpers/text-agent-dialer.ts';

describe('the LiveKit voice agent, in a text session', () => {
  let h: Harness;
  let reportsDropped = 0;
  let dialer: ReturnType<typeof textAgentDialer>;
  beforeAll(async () => {
    h = await createHarness({
      campaign: { callResultTimeoutMs: 20_000 },
      // the dialer needs the harness's database and client, so it is built just after
      dialer: () => ({ name: 'text-agent', dial: (request) => dialer.dial(request), hangUp: (id) => dialer.hangUp(id), findCall: (id) => dialer.findCall(id) }),
    });
    dialer = textAgentDialer(
      {
        sql: h.sql,
        retryDelayMs: 20,
        // the first delivery of every report is lost: the agent must retry it
        report: async (workflowId, report) => {
          if (reportsDropped++ % 2 === 0) throw new Error('UNAVAILABLE: connection reset');
          return reportCallCompleted(h.client, workflowId, report);
        },
      },
      (request) => (request.participantName === 'Participant 2' ? 'opts_out' : request.participantName === 'Participant 4' ? 'hangs_up' : 'cooperative'),
    );
    await h.startWorker();
  });
  afterAll(async () => {
    await dialer?.settle();
    await h?.close();
  });

  it('runs each call from its dispatch metadata, stores answers as they come and reports to the workflow', async () => {
    const userId = await seedUser(h.sql, uniqueEmail('agent'));
    const surveyId = await seedSurvey(h.sql, userId);
    await seedContacts(h.sql, userId, surveyId, 4);
    const { campaignId } = await h.launch(userId, surveyId);
    const result = await h.result(campaignId);
    expect(result).toMatchObject({ status: 'completed', completed_calls: 2, failed_calls: 2 });

    const calls = await h.calls(campaignId);
    expect(calls.map((c) => [c.participant_name, c.outcome, c.answers])).toEqual([
      ['Participant 1', 'completed', 4],
      ['Participant 2', 'opted_out', 1],
      ['Participant 3', 'completed', 4],
      // hung up at the third question: the two answers given are kept
      ['Participant 4', 'hung_up_early', 2],
    ]);
    // without instructions the agent used no LLM tokens, and says so (a known zero, not an unknown)
    const tokens = await h.sql`select llm_input_tokens, llm_output_tokens from calls where campaign_id = ${campaignId}`;
    expect(tokens.map((t) => [t.llm_input_tokens, t.llm_output_tokens])).toEqual([[0, 0], [0, 0], [0, 0], [0, 0]]);
    expect(calls[0]!.transcript[0]).toEqual({ role: 'agent', text: expect.stringMatching(/^Hi Participant 1! .*"Customer satisfaction"/) });
    expect(reportsDropped).toBeGreaterThanOrEqual(8);
    const [dnc] = await h.sql`select count(*)::int as n from do_not_call where user_id = ${userId}`;
    expect(dnc!.n).toBe(1);
  });

  it('reports the words actually spoken when the owner\'s instructions rephrase them', async () => {
    const userId = await seedUser(h.sql, uniqueEmail('rephrased'));
    const surveyId = await seedSurvey(h.sql, userId);
    await h.sql`update surveys set voice_agent_instructions = 'Introduce yourself as Sam.' where id = ${surveyId}`;
    const reports: CallReportInput[] = [];
    const prepared = await prepareCall(
      {
        sql: h.sql,
        report: async (_, report) => {
          reports.push(report);
          return { delivered: true };
        },
        rephraserFor: ({ instructions }) => async (line) => (instructions.includes('Sam') ? `[Sam] ${line}` : line),
      },
      JSON.stringify({
        call_id: crypto.randomUUID(), attempt: 1, workflow_id: 'wf', user_id: userId, campaign_id: crypto.randomUUID(),
        survey_id: surveyId, contact_id: crypto.randomUUID(), participant_name: 'Ada', phone_number: '+14155550100',
        from_number: '+14155550199', trunk_id: 'ST_x',
      }),
    );
    const session = new voice.AgentSession({ llm: new voice.testing.FakeLLM() });
    await session.start({ agent: prepared.agent });
    const result = await session.run({ userInput: 'Sorry, I have to stop calling now, please stop calling me' }).wait();
    await prepared.reported;
    await session.close();
    expect(result.events.some((e) => e.type === 'message' && e.item.textContent?.startsWith('[Sam] '))).toBe(true);
    expect(reports[0]!.outcome).toBe('opted_out');
    expect(reports[0]!.transcript!.filter((t) => t.role === 'agent').every((t) => t.text.startsWith('[Sam] '))).toBe(true);
  });

  it('refuses dispatch metadata that is not a call job', async () => {
    await expect(prepareCall({ sql: h.sql, report: async () => ({ delivered: true }) }, '{"call_id": "nope"}')).rejects.toBeInstanceOf(InvalidJobError);
    await expect(prepareCall({ sql: h.sql, report: async () => ({ delivered: true }) }, 'not json')).rejects.toThrow(/not a call job/);
  });
});
