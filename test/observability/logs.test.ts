import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logger } from '../../src/observability/logger.ts';
import { temporalLogger } from '../../src/observability/temporal-logger.ts';
import { createApiHarness, questions, read, type ApiHarness } from '../helpers/api-harness.ts';
import { captureLogs } from '../helpers/capture-logs.ts';
import { uniqueEmail } from '../helpers/harness.ts';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('structured logs', () => {
  let api: ApiHarness;
  let logs: ReturnType<typeof captureLogs>;
  let token: string;
  let campaignId: string;
  const phones = ['+14155553201', '+14155553202', '+14155553203'];

  beforeAll(async () => {
    logs = captureLogs('info');
    api = await createApiHarness({ callDelayMs: 5, outcomeMix: { completed: 1, busy: 1 } });
    await api.engine.startWorker();
    ({ token } = await api.signIn(uniqueEmail('logs')));
    const surveyId = (await read(await api.call('POST', '/surveys', { token, json: { title: 'Logs', json_questionnaire: questions } }))).id;
    await api.call('POST', `/surveys/${surveyId}/contacts`, { token, json: { contacts: phones.map((phone_number) => ({ phone_number })) } });
    campaignId = (await read(await api.call('POST', '/campaigns/launch', { token, json: { survey_id: surveyId } }))).campaign_id;
    expect((await api.engine.result(campaignId)).status).toBe('completed');
  });
  afterAll(async () => {
    logs?.restore();
    await api?.close();
  });

  it('writes one JSON line per dial and per recorded result, carrying campaign, contact and call ids and the activity, never a phone number or token', async () => {
    const lines = logs.lines();
    const dials = lines.filter((l) => l.msg === 'dial placed' && l.campaign_id === campaignId);
    const results = lines.filter((l) => l.msg === 'call result recorded' && l.campaign_id === campaignId);
    expect(dials).toHaveLength(phones.length);
    expect(results).toHaveLength(phones.length);
    for (const line of [...dials, ...results]) {
      expect(line).toMatchObject({ level: 'info', service: 'survey-dialer', contact_id: expect.stringMatching(uuid), call_id: expect.stringMatching(uuid) });
      expect(line.workflow_id).toBe(`campaign-${campaignId}-contact-${line.contact_id}`);
      expect(typeof line.time).toBe('string');
    }
    expect(new Set(dials.map((l) => l.activity))).toEqual(new Set(['dispatchCall']));
    // each result line names its call's recorded outcome (the simulator picks completed or busy per contact)
    const recorded = await api.engine.sql<{ id: string; outcome: string }[]>`select id, outcome from calls where campaign_id = ${campaignId}`;
    expect(Object.fromEntries(results.map((l) => [l.call_id, l.outcome]))).toEqual(Object.fromEntries(recorded.map((c) => [c.id, c.outcome])));
    expect(new Set(results.map((l) => l.call_id))).toEqual(new Set(dials.map((l) => l.call_id)));

    const text = logs.text();
    for (const phone of phones) {
      expect(text).not.toContain(phone);
      expect(text).not.toContain(phone.slice(2));
    }
    expect(text).not.toContain(token);
  });

  it('redacts secrets and phone numbers passed as fields by mistake', () => {
    const before = logs.lines().length;
    logger.warn(
      { headers: { authorization: `Bearer ${token}`, cookie: 'sd_session=abc' }, token, apiKey: 'sk-live-1', contact: { phone_number: phones[0], id: 'c1' }, toNumber: phones[1] },
      'something odd',
    );
    const [line] = logs.lines().slice(before);
    expect(line).toMatchObject({ msg: 'something odd', token: '[redacted]', apiKey: '[redacted]', toNumber: '[redacted]', contact: { phone_number: '[redacted]', id: 'c1' } });
    expect(line!.headers).toEqual({ authorization: '[redacted]', cookie: '[redacted]' });
    expect(JSON.stringify(line)).not.toContain(token);
  });

  it("routes the Temporal SDK's log lines (workflow and activity context attached) into the same JSON, filtered by LOG_LEVEL", () => {
    const before = logs.lines().length;
    const sdk = temporalLogger('WARN');
    sdk.info('below the SDK level', { workflowId: 'w-1' });
    sdk.warn('Activity failed', { workflowId: 'campaign-x', activityType: 'dispatchCall', attempt: 2 });
    const lines = logs.lines().slice(before);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 'warn', component: 'temporal', msg: 'Activity failed', workflowId: 'campaign-x', activityType: 'dispatchCall', attempt: 2 });
  });
});
