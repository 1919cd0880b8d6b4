import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createCampaignProgressActivities } from '../../activities/campaign-progress.ts';
import { createSql } from '../../src/db/client.ts';
import { seedContacts, seedSurvey, seedUser } from '../../src/dev/seed.ts';
import { uniqueEmail } from '../helpers/harness.ts';
import { noWebhookEvents } from '../helpers/no-webhook-events.ts';

const sql = createSql(inject('databaseUrl'), { max: 1 });
afterAll(async () => {
  await sql.end();
});


/**
 * A contact's run writes its waiting row, then signals the campaign. A claim that runs between the two
 * must leave that contact alone: taking it would start the next run while the campaign still counts
 * the last one in flight, and the next run's report would be dropped as a duplicate (the campaign
 * then waits forever for a contact it thinks is still waiting).
 */
describe('claiming due contacts', () => {
  it('leaves contacts whose report has not reached the campaign, and claims them once it has', async () => {
    const userId = await seedUser(sql, uniqueEmail('claim'));
    const surveyId = await seedSurvey(sql, userId);
    await seedContacts(sql, userId, surveyId, 3);
    const contacts = (await sql<{ id: string }[]>`select id from contacts where survey_id = ${surveyId} and user_id = ${userId} order by seq`).map((c) => c.id);
    const campaignId = randomUUID();
    await sql`
      insert into campaigns (id, user_id, survey_id, workflow_id, status, max_concurrent_calls)
      values (${campaignId}, ${userId}, ${surveyId}, ${`campaign-${campaignId}`}, 'running', 5)`;
    const dueAt = [new Date(Date.now() - 3_000), new Date(Date.now() - 2_000), new Date(Date.now() + 60_000)];
    for (const [k, contactId] of contacts.entries()) {
      await sql`
        insert into campaign_contacts (campaign_id, contact_id, user_id, state, next_attempt_at, wait_reason)
        values (${campaignId}, ${contactId}, ${userId}, 'waiting', ${dueAt[k]!}, 'retry')`;
    }
    const { claimDueContacts } = createCampaignProgressActivities({ sql, events: noWebhookEvents });

    const first = await claimDueContacts({ userId, campaignId, limit: 5, token: 'run:1', inFlight: [contacts[0]!] });
    expect(first.contacts.map((c) => c.id)).toEqual([contacts[1]]);
    // the in-flight contact's time is the campaign's to learn from its report, not from this answer
    expect(first.nextAttemptAt).toBe(dueAt[2]!.toISOString());

    const second = await claimDueContacts({ userId, campaignId, limit: 5, token: 'run:2', inFlight: [] });
    expect(second.contacts.map((c) => c.id)).toEqual([contacts[0]]);

    // a retried claim (same token) returns what it claimed the first time, whatever is in flight now
    const retried = await claimDueContacts({ userId, campaignId, limit: 5, token: 'run:1', inFlight: [contacts[1]!] });
    expect(retried.contacts.map((c) => c.id)).toEqual([contacts[1]]);
  });
});
