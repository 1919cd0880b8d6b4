import { randomBytes, randomInt } from 'node:crypto';
import type { Twilio } from 'twilio';
import type { SecretBox } from '../../crypto/secret-box.ts';
import type { Sql } from '../../db/client.ts';
import { classifyProviderError } from './provider-errors.ts';

/** Where and how LiveKit authenticates to send calls into the user's Twilio trunk. */
export interface Termination {
  trunkSid: string;
  /** `<unique>.pstn.twilio.com`: the LiveKit outbound trunk's address */
  domain: string;
  username: string;
  password: string;
}

export const trunkTag = (userId: string) => `survey-dialer-${userId}`;

/** Twilio's credential rules: 12+ characters with upper case, lower case and a digit. */
export function generateSipPassword(): string {
  const pools = ['ABCDEFGHJKLMNPQRSTUVWXYZ', 'abcdefghijkmnopqrstuvwxyz', '23456789'];
  const all = pools.join('');
  const chars = pools.map((p) => p[randomInt(p.length)]!);
  while (chars.length < 24) chars.push(all[randomInt(all.length)]!);
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j]!, chars[i]!];
  }
  return chars.join('');
}

/**
 * The user's Twilio Elastic SIP trunk for outbound calls, set up the way Twilio's termination works:
 * a termination domain, a credential list with a per-user credential (generated once, stored
 * encrypted), the list attached to the trunk, and the user's number on the trunk. Every step looks
 * before it creates, so a retry after any partial failure converges on the same trunk.
 */
export class TwilioTermination {
  constructor(private readonly deps: { client: Twilio; sql: Sql; secrets: SecretBox }) {}

  async ensure(userId: string): Promise<Termination> {
    const { client, sql } = this.deps;
    const tag = trunkTag(userId);
    const credentials = await this.credentialsFor(userId);
    try {
      const trunk =
        (await client.trunking.v1.trunks.list({ limit: 1000 })).find((t) => t.friendlyName === tag) ??
        (await client.trunking.v1.trunks.create({ friendlyName: tag, domainName: `sd-${userId.replace(/-/g, '')}.pstn.twilio.com` }));

      const list =
        (await client.sip.credentialLists.list({ limit: 1000 })).find((l) => l.friendlyName === tag) ??
        (await client.sip.credentialLists.create({ friendlyName: tag }));
      const known = await client.sip.credentialLists(list.sid).credentials.list({ limit: 1000 });
      if (!known.some((c) => c.username === credentials.username)) {
        await client.sip.credentialLists(list.sid).credentials.create({ username: credentials.username, password: credentials.password });
      }
      const attached = await client.trunking.v1.trunks(trunk.sid).credentialsLists.list({ limit: 1000 });
      if (!attached.some((a) => a.sid === list.sid)) {
        await client.trunking.v1.trunks(trunk.sid).credentialsLists.create({ credentialListSid: list.sid });
      }

      const [user] = await sql<{ phone_number_sid: string | null }[]>`select phone_number_sid from users where id = ${userId}`;
      if (user?.phone_number_sid) {
        const onTrunk = await client.trunking.v1.trunks(trunk.sid).phoneNumbers.list({ limit: 1000 });
        if (!onTrunk.some((n) => n.sid === user.phone_number_sid)) {
          await client.trunking.v1.trunks(trunk.sid).phoneNumbers.create({ phoneNumberSid: user.phone_number_sid });
        }
      }
      await sql`
        update sip_credentials set twilio_trunk_sid = ${trunk.sid}, termination_domain = ${trunk.domainName},
          credential_list_sid = ${list.sid}
        where user_id = ${userId}`;
      return { trunkSid: trunk.sid, domain: trunk.domainName, ...credentials };
    } catch (error) {
      throw classifyProviderError('Twilio', 'set up the SIP trunk', error);
    }
  }

  /** Generated once per user and stored sealed; a retry reuses them. */
  private async credentialsFor(userId: string): Promise<{ username: string; password: string }> {
    const { sql, secrets } = this.deps;
    await sql`
      insert into sip_credentials (user_id, username, password_encrypted)
      values (${userId}, ${`sd${randomBytes(8).toString('hex')}`}, ${secrets.seal(generateSipPassword())})
      on conflict (user_id) do nothing`;
    const [row] = await sql<{ username: string; password_encrypted: string }[]>`
      select username, password_encrypted from sip_credentials where user_id = ${userId}`;
    return { username: row!.username, password: secrets.open(row!.password_encrypted) };
  }
}
