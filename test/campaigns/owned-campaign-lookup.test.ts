import { describe, expect, inject, it } from 'vitest';
import { createKnownUsers } from '../../src/api/auth/known-users.ts';
import { createOwnedCampaignLookup } from '../../src/campaigns/owned-campaign-lookup.ts';
import { createSql } from '../../src/db/client.ts';
import { seedSurvey, seedUser } from '../../src/dev/seed.ts';
import { uniqueEmail } from '../helpers/harness.ts';

describe('the status path\'s shared lookups', () => {
  it('share a campaign row and a user\'s existence for their time to live, only with their owner, and look again after it', async () => {
    const sql = createSql(inject('databaseUrl'), { max: 2 });
    try {
      const owner = await seedUser(sql, uniqueEmail('lookup-owner'));
      const stranger = await seedUser(sql, uniqueEmail('lookup-stranger'));
      const surveyId = await seedSurvey(sql, owner);
      const [campaign] = await sql<{ id: string }[]>`
        insert into campaigns (user_id, survey_id, workflow_id, status, max_concurrent_calls) values (${owner}, ${surveyId}, ${'campaign-lookup-' + surveyId}, 'running', 1) returning id`;
      const ttlMs = 300;
      const lookup = createOwnedCampaignLookup(sql, { ttlMs });
      const exists = createKnownUsers(sql, { ttlMs });

      expect(await lookup(stranger, campaign!.id)).toBeNull();
      expect((await lookup(owner, campaign!.id))?.id).toBe(campaign!.id);
      expect(await exists(owner)).toBe(true);
      await sql`delete from campaigns where id = ${campaign!.id}`;
      await sql`delete from surveys where id = ${surveyId}`;
      await sql`delete from users where id = ${owner}`;
      // within the time to live: the answers already read, with no query
      expect((await lookup(owner, campaign!.id))?.id).toBe(campaign!.id);
      expect(await exists(owner)).toBe(true);
      await new Promise((r) => setTimeout(r, ttlMs + 50));
      expect(await lookup(owner, campaign!.id)).toBeNull();
      expect(await exists(owner)).toBe(false);
    } finally {
      await sql.end({ timeout: 5 });
    }
  });
});
