import { WorkflowNotFoundError } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryCampaignStatus } from '../../src/campaigns/campaign-status.ts';
import { controlCampaign } from '../../src/campaigns/control-campaign.ts';
import { weekdays, type CallingHours } from '../../src/domain/calling-hours.ts';
import { contactWorkflowId } from '../../workflows/messages.ts';
import { createHarness, type Harness } from '../helpers/harness.ts';
import { waitFor } from '../helpers/wait-for.ts';

// A file of its own: the window opens at the next minute boundary, so this test waits up to a minute,
// and the suite runs other files meanwhile.
describe('calling hours', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ callDelayMs: 50 });
    await h.startWorker();
  });
  afterAll(() => h?.close());

  it('dials a contact only inside its own calling hours: not before they open, never while its zone is closed', async () => {
    const statusOf = (campaignId: string) => queryCampaignStatus(h.client, campaignId);
    const { userId, surveyId } = await h.seedSurveyWithContacts(12, 'hours');
    // eight contacts in UTC, four half a world away (UTC+12), with a three-minute window opening at the next minute
    await h.sql`
      update contacts set time_zone = case when seq % 3 = 0 then 'Etc/GMT-12' else 'UTC' end
      where survey_id = ${surveyId}`;
    const opens = new Date(Math.ceil((Date.now() + 1_000) / 60_000) * 60_000);
    const clock = (d: Date) => d.toISOString().slice(11, 16);
    const startMinute = opens.getUTCHours() * 60 + opens.getUTCMinutes();
    const hours: CallingHours = {
      days: [...weekdays],
      start: clock(opens),
      end: startMinute + 3 >= 1440 ? '24:00' : clock(new Date(opens.getTime() + 3 * 60_000)),
      time_zone: 'UTC',
    };
    const { campaignId } = await h.launch(userId, surveyId, { maxConcurrentCalls: 4, callingHours: hours });

    const early = await waitFor('every contact to wait for its hours', async () => {
      const s = await statusOf(campaignId);
      return s.waiting_calls === 12 && s;
    });
    if (Date.now() < opens.getTime()) expect(early.status).toBe('waiting');
    expect(Date.parse(early.next_attempt_at!)).toBe(opens.getTime());

    const utcContacts = await h.sql<{ id: string }[]>`select id from contacts where survey_id = ${surveyId} and time_zone = 'UTC'`;
    await waitFor('the UTC contacts to be called', async () => (await statusOf(campaignId)).completed_calls === utcContacts.length, 90_000, 100);
    const calls = await h.sql<{ contact_id: string; dial_requested_at: Date }[]>`
      select contact_id, dial_requested_at from calls where campaign_id = ${campaignId}`;
    expect(calls.map((c) => c.contact_id).sort()).toEqual(utcContacts.map((c) => c.id).sort());
    for (const call of calls) expect(call.dial_requested_at.getTime()).toBeGreaterThanOrEqual(opens.getTime());

    // the far zone's contacts wait for their own morning, holding no slot; the campaign says so
    const later = await statusOf(campaignId);
    expect(later).toMatchObject({ status: 'waiting', waiting_calls: 4, in_progress_calls: 0 });
    expect(Date.parse(later.next_attempt_at!)).toBeGreaterThan(Date.now() + 3 * 3600_000);
    // and they waited in the database from the start: no call workflow ever ran for them
    const farContacts = await h.sql<{ id: string }[]>`select id from contacts where survey_id = ${surveyId} and time_zone = 'Etc/GMT-12'`;
    expect(farContacts).toHaveLength(4);
    for (const contact of farContacts) {
      await expect(h.client.workflow.getHandle(contactWorkflowId(campaignId, contact.id)).describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);
    }
    await controlCampaign(h.client, campaignId, 'cancel');
    expect(await h.result(campaignId)).toMatchObject({ status: 'cancelled', completed_calls: 8, failed_calls: 4 });
  }, 150_000); // the window opens at the next minute boundary: up to a minute of waiting
});
