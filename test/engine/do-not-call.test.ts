import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedContacts, seedSurvey, seedUser } from '../../src/dev/seed.ts';
import { createHarness, uniqueEmail, type Harness } from '../helpers/harness.ts';

describe('the do-not-call list', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ callDelayMs: 5, outcomeMix: { opted_out: 1 } });
    await h.startWorker();
  });
  afterAll(() => h?.close());

  it('keeps everyone who said "stop calling me" from being dialed by any later campaign', async () => {
    const userId = await seedUser(h.sql, uniqueEmail('dnc'));
    const first = await seedSurvey(h.sql, userId);
    await seedContacts(h.sql, userId, first, 3);
    await h.result((await h.launch(userId, first)).campaignId);
    const blocked = await h.sql`select phone_number, source from do_not_call where user_id = ${userId} order by phone_number`;
    expect(blocked).toHaveLength(3);
    expect(blocked.every((b) => b.source === 'call')).toBe(true);
    const dialedBefore = h.dialer.placedCount;

    const second = await seedSurvey(h.sql, userId, { title: 'Follow-up' });
    await seedContacts(h.sql, userId, second, 4); // the same three numbers and one new one
    const { campaignId } = await h.launch(userId, second);
    const result = await h.result(campaignId);
    expect(result).toMatchObject({ total_contacts: 4, completed_calls: 0, failed_calls: 4 });
    expect(h.dialer.placedCount - dialedBefore).toBe(1);
    const skipped = await h.sql`select count(*)::int as n from calls where campaign_id = ${campaignId} and error = 'on the do-not-call list' and dialed_at is null`;
    expect(skipped[0]!.n).toBe(3);
  });
});
