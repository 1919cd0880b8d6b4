import { z } from 'zod';

/**
 * Completes wanted per value of one contact variable, e.g. `{"region": {"North": 50, "South": 50}}`.
 * Contacts whose value is not listed are not limited; once a listed value's target is met, its
 * remaining contacts are not dialed (recorded as cancelled), while the others go on.
 */
export const segmentQuotasSchema = z
  .record(
    z.string().min(1).max(64),
    z
      .record(z.string().max(200), z.number().int().min(1).max(10_000_000))
      .refine((targets) => Object.keys(targets).length > 0, { message: 'list at least one value and its target' }),
  )
  .refine((byVariable) => Object.keys(byVariable).length === 1, { message: 'quotas apply to exactly one contact variable' });

export type SegmentQuotas = z.infer<typeof segmentQuotasSchema>;

/** The same quota as the engine carries it. */
export interface SegmentQuota {
  variable: string;
  targets: Record<string, number>;
}

export function segmentQuotaOf(quotas: SegmentQuotas | undefined | null): SegmentQuota | null {
  const [entry] = Object.entries(quotas ?? {});
  return entry ? { variable: entry[0], targets: entry[1] } : null;
}
