import { z } from 'zod';
import { retryClasses, type RetryClass } from './retry-plan.ts';

// The policy as surveys, campaigns and the API accept it. Workflows plan with retry-plan.ts and take
// this module's type only: a module in the workflow bundle is evaluated again for every workflow run,
// and building these schemas cost each contact run about a millisecond and 60 KiB.

const attempts = z.number().int().min(1).max(10);

/**
 * How a contact is tried again. `max_attempts` is the contact's one budget: per-class limits only
 * narrow it, they never add attempts on top (policies never stack).
 */
export const retryPolicySchema = z
  .object({
    max_attempts: attempts.default(1),
    // an object of optional keys, not z.partialRecord: the same bodies pass, and the OpenAPI document
    // names every class as a property (a record's key enum is lost on openapi-typescript, so the web
    // app could not type the form's fields)
    per_outcome: z
      .object(Object.fromEntries(retryClasses.map((c) => [c, attempts.optional()])) as Record<RetryClass, z.ZodOptional<typeof attempts>>)
      .strict()
      .default({}),
    backoff: z
      .object({
        base_seconds: z.number().min(0).max(7 * 86_400).default(900),
        factor: z.number().min(1).max(10).default(2),
        cap_seconds: z.number().min(0).max(7 * 86_400).default(86_400),
        /** ± this fraction of the delay, so retries of a busy hour don't all land at once */
        jitter: z.number().min(0).max(1).default(0.2),
      })
      .strict()
      .default({ base_seconds: 900, factor: 2, cap_seconds: 86_400, jitter: 0.2 }),
    /** when the agent may leave the voicemail message: only on the contact's last attempt, every time, or never */
    voicemail_message: z.enum(['last_attempt', 'every_attempt', 'never']).default('last_attempt'),
  })
  .strict();

export type RetryPolicy = z.infer<typeof retryPolicySchema>;
