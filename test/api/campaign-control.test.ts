import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiHarness, questions, read, type ApiHarness } from '../helpers/api-harness.ts';
import { uniqueEmail } from '../helpers/harness.ts';

describe('campaign control API', () => {
  let api: ApiHarness;
  let token: string;
  let surveyId: string;

  beforeAll(async () => {
    api = await createApiHarness({ callDelayMs: 5, outcomeMix: { completed: 1, no_answer: 1 } });
    await api.engine.startWorker();
    ({ token } = await api.signIn(uniqueEmail('control')));
    surveyId = (await read(await api.call('POST', '/surveys', { token, json: { title: 'Control', json_questionnaire: questions } }))).id;
    const contacts = Array.from({ length: 8 }, (_, i) => ({ phone_number: `+1415555${String(2000 + i)}` }));
    await api.call('POST', `/surveys/${surveyId}/contacts`, { token, json: { contacts } });
  });
  afterAll(() => api?.close());

  const launch = (json: object) => api.call('POST', '/campaigns/launch', { token, json: { survey_id: surveyId, ...json } });

  it('refuses bad settings with 400 naming the field', async () => {
    const hour = new Date(Date.now() + 3600_000).toISOString();
    const cases: [object, string][] = [
      [{ calling_hours: { time_zone: 'Mars/Olympus_Mons' } }, 'calling_hours.time_zone'],
      [{ calling_hours: { start: '18:00', end: '09:00' } }, 'calling_hours.end'],
      [{ calling_hours: { start: '25:00' } }, 'calling_hours.start'],
      [{ calling_hours: { days: [] } }, 'calling_hours.days'],
      [{ start_at: hour, end_at: new Date(Date.now() + 60_000).toISOString() }, 'end_at'],
      [{ end_at: new Date(Date.now() - 60_000).toISOString() }, 'end_at'],
      [{ target_completes: -5 }, 'target_completes'],
      [{ max_spend: 0 }, 'max_spend'],
      [{ segment_quotas: { region: { North: -1 } } }, 'segment_quotas.region.North'],
      [{ segment_quotas: { region: { North: 5 }, age: { young: 5 } } }, 'segment_quotas'],
      [{ segment_quotas: { region: {} } }, 'segment_quotas.region'],
      [{ retry_policy: { max_attempts: 0 } }, 'retry_policy.max_attempts'],
      [{ retry_policy: { per_outcome: { completed: 2 } } }, 'retry_policy.per_outcome'],
      [{ contacts: 'some' }, 'contacts'],
    ];
    for (const [settings, field] of cases) {
      const response = await launch(settings);
      const body = await read(response);
      expect({ field, status: response.status, code: body.error.code }).toEqual({ field, status: 400, code: 'validation_failed' });
      expect(body.error.details.map((d: { path: string }) => d.path)).toContain(field);
    }
    const patch = await api.call('PATCH', `/surveys/${surveyId}`, { token, json: { calling_hours: { time_zone: 'Nowhere/Special' } } });
    expect(patch.status).toBe(400);
    // nothing was launched by any of them
    expect((await read(await api.call('GET', `/campaigns?survey_id=${surveyId}`, { token }))).total).toBe(0);
  });

  it('pauses, resumes and cancels over HTTP; illegal changes are 409 with the current state; retry is idempotent', async () => {
    const ok = await api.call('PATCH', `/surveys/${surveyId}`, {
      token,
      json: { calling_hours: { days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], start: '00:00', end: '24:00', time_zone: 'UTC' } },
    });
    expect(ok.status).toBe(200);
    expect((await read(ok)).calling_hours).toMatchObject({ start: '00:00', end: '24:00' });

    const first = await read(await launch({}));
    const paused = await api.call('POST', `/campaigns/${first.campaign_id}/pause`, { token });
    expect(paused.status).toBe(200);
    expect(await read(paused)).toEqual({ campaign_id: first.campaign_id, status: 'paused', pause_reason: 'user' });
    expect((await read(await api.call('GET', `/campaigns/${first.campaign_id}/status`, { token }))).status).toBe('paused');
    const tooSoon = await api.call('POST', `/campaigns/${first.campaign_id}/retry`, { token });
    expect(tooSoon.status).toBe(409);
    expect((await read(tooSoon)).error).toMatchObject({ code: 'campaign_still_running', details: { campaign_id: first.campaign_id } });
    const resumed = await read(await api.call('POST', `/campaigns/${first.campaign_id}/resume`, { token }));
    expect(resumed.status).toBe('running');
    await api.engine.result(first.campaign_id);

    const late = await api.call('POST', `/campaigns/${first.campaign_id}/resume`, { token });
    expect(late.status).toBe(409);
    expect(await read(late)).toMatchObject({ error: { code: 'illegal_transition', details: { campaign_id: first.campaign_id, status: 'completed' } } });
    const badBody = await api.call('POST', `/campaigns/${first.campaign_id}/cancel`, { token, json: { hang_up: 'yes' } });
    expect(badBody.status).toBe(400);

    const calls = await read(await api.call('GET', `/campaigns/${first.campaign_id}/calls`, { token }));
    expect(calls.items).toHaveLength(8);
    for (const item of calls.items) {
      expect(item.attempts.map((a: { attempt: number }) => a.attempt)).toEqual([1]);
      expect(item.state).toBe('finished');
      expect(item.next_attempt_at).toBeNull();
    }

    const retry = await api.call('POST', `/campaigns/${first.campaign_id}/retry`, { token });
    expect(retry.status).toBe(201);
    const child = await read(retry);
    const retryable = calls.items.filter((i: { outcome: string }) => i.outcome === 'no_answer').length;
    expect(child).toMatchObject({ parent_campaign_id: first.campaign_id, total_contacts: retryable, created: true });
    const twice = await api.call('POST', `/campaigns/${first.campaign_id}/retry`, { token });
    expect(twice.status).toBe(200);
    expect((await read(twice)).campaign_id).toBe(child.campaign_id);
    await api.engine.result(child.campaign_id);
    const summary = await read(await api.call('GET', `/campaigns/${child.campaign_id}`, { token }));
    expect(summary).toMatchObject({ parent_campaign_id: first.campaign_id, contact_scope: 'retry', status: 'completed' });
  });
});
