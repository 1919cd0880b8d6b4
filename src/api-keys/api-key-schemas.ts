import { z } from 'zod';

/** What a key may do: `read` (GET), `write` (POST, PATCH, PUT, DELETE; includes nothing else). */
export const apiKeyScopes = ['read', 'write'] as const;
export type ApiKeyScope = (typeof apiKeyScopes)[number];

export const apiKeyCreateSchema = z.object({
  name: z.string().trim().min(1).max(100),
  scopes: z.array(z.enum(apiKeyScopes)).min(1).default(['read']),
});

export const apiKeySchema = z.object({
  id: z.uuid(),
  name: z.string(),
  /** the key's first characters, e.g. `sd_live_AbCd1234` */
  prefix: z.string(),
  scopes: z.array(z.enum(apiKeyScopes)),
  created_at: z.iso.datetime(),
  last_used_at: z.iso.datetime().nullable(),
  revoked_at: z.iso.datetime().nullable(),
});

/** The create answer: the only time the key itself is shown. */
export const apiKeyCreatedSchema = apiKeySchema.extend({ key: z.string() });
