import { describe, expect, inject, it, vi } from 'vitest';
import { createKnownUsers } from '../../src/api/auth/known-users.ts';
import { createOwnedCampaignLookup } from '../../src/campaigns/owned-campaign-lookup.ts';
import { createSql } from '../../src/db/client.ts';
import { seedSurvey, seedUser } from '../../src/dev/seed.ts';
import { uniqueEmail } from '../helpers/harness.ts';

describe('the status path\'s shared lookups', () => {
  it('share a campaign row and a user\'s existence, only with their owner; refresh them in the background once aging; wait for the database past the stale bound', async () => {
    const sql = createSql(inject('databaseUrl'), { max: 2 });
    try {
      const owner = await seedUser(sql, uniqueEmail('lookup-owner'));
      const stranger = await seedUser(sql, uniqueEmail('lookup-stranger'));
      const surveyId = await seedSurvey(sql, owner);
      const insertCampaign = async () => {
        const [row] = await sql<{ id: string }[]>`
          insert into campaigns (user_id, survey_id, workflow_id, status, max_concurrent_calls) values (${owner}, ${surveyId}, ${'campaign-lookup-' + crypto.randomUUID()}, 'running', 1) returning id`;
        return row!.id;
      };
      const campaign = await insertCampaign();
      const bounds = { freshMs: 300, maxStaleMs: 900 };
      const lookup = createOwnedCampaignLookup(sql, bounds);
      const exists = createKnownUsers(sql, bounds);
      const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

      expect(await lookup(stranger, campaign)).toBeNull();
      // concurrent misses share one query and all answer "not yours", none fails
      expect(await Promise.all([lookup(stranger, campaign), lookup(stranger, campaign), lookup(stranger, campaign)])).toEqual([null, null, null]);
      expect((await lookup(owner, campaign))?.id).toBe(campaign);
      expect(await exists(owner)).toBe(true);
      await sql`delete from campaigns where id = ${campaign}`;
      // fresh: the answers already read, with no query
      expect((await lookup(owner, campaign))?.id).toBe(campaign);
      expect(await exists(owner)).toBe(true);
      // aging: the previous answer at once while a refresh runs; the refresh's answer after it
      await pause(bounds.freshMs + 50);
      expect((await lookup(owner, campaign))?.id).toBe(campaign);
      await vi.waitFor(async () => expect(await lookup(owner, campaign)).toBeNull(), { timeout: 5_000, interval: 20 });

      // past the stale bound with nobody asking: the next caller waits for the database
      await sql`delete from surveys where id = ${surveyId}`;
      await sql`delete from users where id = ${owner}`;
      await pause(bounds.maxStaleMs + 50);
      expect(await exists(owner)).toBe(false);
    } finally {
      await sql.end({ timeout: 5 });
    }
  });
});
