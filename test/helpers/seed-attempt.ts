import { randomUUID } from 'node:crypto';
import type { DispatchCallInput } from '../../activities/calls.ts';
import type { Sql } from '../../src/db/client.ts';
import type { CallDialer } from '../../src/telephony/ports.ts';
import { seedContacts, seedSurvey, seedUser } from '../../src/dev/seed.ts';
import { uniqueEmail } from './harness.ts';

/** A new owner with one contact in a running campaign, and the input of that contact's first dial. */
export async function seedAttempt(sql: Sql, label: string): Promise<DispatchCallInput> {
  const userId = await seedUser(sql, uniqueEmail(label));
  const surveyId = await seedSurvey(sql, userId);
  await seedContacts(sql, userId, surveyId, 1);
  const [contact] = await sql<{ id: string }[]>`select id from contacts where survey_id = ${surveyId} and user_id = ${userId}`;
  const campaignId = randomUUID();
  await sql`
    insert into campaigns (id, user_id, survey_id, workflow_id, status, max_concurrent_calls)
    values (${campaignId}, ${userId}, ${surveyId}, ${`campaign-${campaignId}`}, 'running', 5)`;
  return {
    callId: randomUUID(),
    attempt: 1,
    workflowId: `contact-${campaignId}`,
    userId,
    campaignId,
    surveyId,
    contactId: contact!.id,
    fromNumber: '+14155550000',
    trunkId: 'ST_test',
  };
}

/** A provider that answers every dial at once: the calls are placed, nothing else happens. */
export const answeringDialer: CallDialer = {
  name: 'stand-in',
  dial: async (request) => ({ providerCallId: `PC-${request.callId}`, roomName: `call-${request.callId}` }),
  findCall: async () => null,
  hangUp: async () => {},
};
