import type { Queryable, Sql } from '../db/client.ts';

export type IdentityProvider = 'google' | 'microsoft' | 'dev';

/** Who the provider says signed in, keyed by what it guarantees is stable and unique. */
export interface Identity {
  provider: IdentityProvider;
  /** Google's issuer, Microsoft's tenant id (`tid`), 'dev' for the dev sign-in */
  issuer: string;
  /** Google `sub`, Microsoft `oid`, the lower-cased email for the dev sign-in */
  subject: string;
  email: string;
  /** true only when the provider asserts the email is verified (Google `email_verified`, Microsoft `xms_edov`) */
  emailVerified: boolean;
  name?: string | null;
  /** Microsoft `sub`: finds accounts created before identities were keyed by tenant + object id */
  legacySubject?: string;
}

/** The identity already signs in to another account; linking it elsewhere would move that account's access. */
export class IdentityInUseError extends Error {
  constructor(readonly provider: IdentityProvider) {
    super(`this ${provider} account already signs in to another user`);
    this.name = 'IdentityInUseError';
  }
}

export interface SignedInUser {
  id: string;
  email: string;
}

/**
 * The account an identity signs in to: the one it is already bound to; else the signed-in user who
 * asked to link it (`linkTo`); else an account holding the same email as a *verified* identity,
 * when this identity's email is verified too; else a new, empty account. An unverified email
 * (any Microsoft tenant can put anyone's address in a token) never reaches someone else's data.
 */
export async function signInUser(sql: Sql, identity: Identity, linkTo?: string): Promise<SignedInUser> {
  return sql.begin(async (tx) => {
    const bound = (await findIdentityUser(tx, identity)) ?? (await upgradeLegacyIdentity(tx, identity));
    if (bound) {
      if (linkTo && bound.id !== linkTo) {
        throw new IdentityInUseError(identity.provider);
      }
      await tx`
        update user_identities set email = ${identity.email}, email_verified = ${identity.emailVerified}, last_sign_in_at = now()
        where provider = ${identity.provider} and issuer = ${identity.issuer} and subject = ${identity.subject}`;
      await tx`update users set name = coalesce(${identity.name ?? null}, name), updated_at = now() where id = ${bound.id}`;
      return bound;
    }
    const owner = linkTo ? await userById(tx, linkTo) : identity.emailVerified ? await userWithVerifiedEmail(tx, identity.email) : undefined;
    if (linkTo && !owner) throw new Error(`user ${linkTo} to link to does not exist`);
    const user = owner ?? (await createUser(tx, identity));
    await tx`
      insert into user_identities (user_id, provider, issuer, subject, email, email_verified)
      values (${user.id}, ${identity.provider}, ${identity.issuer}, ${identity.subject}, ${identity.email}, ${identity.emailVerified})`;
    return user;
  });
}

async function findIdentityUser(sql: Queryable, identity: Identity): Promise<SignedInUser | undefined> {
  const [row] = await sql<SignedInUser[]>`
    select u.id, u.email from user_identities i join users u on u.id = i.user_id
    where i.provider = ${identity.provider} and i.issuer = ${identity.issuer} and i.subject = ${identity.subject}
    for update of i`;
  return row;
}

async function upgradeLegacyIdentity(sql: Queryable, identity: Identity): Promise<SignedInUser | undefined> {
  if (!identity.legacySubject) return undefined;
  const [row] = await sql<{ user_id: string }[]>`
    update user_identities set issuer = ${identity.issuer}, subject = ${identity.subject}
    where provider = ${identity.provider} and issuer = 'legacy' and subject = ${identity.legacySubject}
    returning user_id`;
  return row ? userById(sql, row.user_id) : undefined;
}

async function userById(sql: Queryable, id: string): Promise<SignedInUser | undefined> {
  const [row] = await sql<SignedInUser[]>`select id, email from users where id = ${id}`;
  return row;
}

async function userWithVerifiedEmail(sql: Queryable, email: string): Promise<SignedInUser | undefined> {
  const [row] = await sql<SignedInUser[]>`
    select u.id, u.email from user_identities i join users u on u.id = i.user_id
    where lower(i.email) = lower(${email}) and i.email_verified and i.provider <> 'dev'
    order by i.created_at limit 1`;
  return row;
}

async function createUser(sql: Queryable, identity: Identity): Promise<SignedInUser> {
  const [row] = await sql<SignedInUser[]>`
    insert into users (email, name) values (${identity.email}, ${identity.name ?? null}) returning id, email`;
  return row!;
}

/** The dev sign-in's identity: the typed email, never verified, so it can never reach an OIDC account. */
export function devIdentity(email: string, name?: string): Identity {
  return { provider: 'dev', issuer: 'dev', subject: email.toLowerCase(), email, emailVerified: false, name };
}
