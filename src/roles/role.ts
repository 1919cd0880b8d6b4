import { z } from 'zod';

/**
 * One image, several roles. `all` (the default, `npm run dev`) runs API and workers in one process;
 * a deployment runs `api` (HTTP, a Temporal client), `worker` (campaign and dial workers, a health
 * port) and `agent` (the LiveKit voice agent) as separate processes, scaled independently.
 */
export const roles = ['all', 'api', 'worker', 'agent'] as const;
export type Role = (typeof roles)[number];

export class RoleError extends Error {}

export function roleFrom(env: Record<string, string | undefined>): Role {
  const parsed = z.enum(roles).safeParse(env.ROLE ?? 'all');
  if (!parsed.success) throw new RoleError(`ROLE must be one of ${roles.join(', ')} (got ${JSON.stringify(env.ROLE)})`);
  // a split deployment shares one cluster: an api or worker role starting its own dev server would run alone
  if ((parsed.data === 'api' || parsed.data === 'worker') && !env.TEMPORAL_ADDRESS) {
    throw new RoleError(`ROLE=${parsed.data} needs TEMPORAL_ADDRESS (the cluster's frontend); only ROLE=all starts a local dev server`);
  }
  return parsed.data;
}
