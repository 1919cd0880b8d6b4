import { z } from 'zod';

export const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof weekdays)[number];

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'a time as HH:MM (00:00 to 24:00)');

/** An IANA zone name the runtime knows (e.g. America/New_York). */
export const timeZoneSchema = z.string().max(64).refine(isKnownTimeZone, { message: 'unknown time zone (use an IANA name such as America/New_York)' });

/** Zones already found valid: building an Intl formatter to ask costs about a millisecond, asked on every dial. */
const knownTimeZones = new Set<string>();

export function isKnownTimeZone(zone: string): boolean {
  if (knownTimeZones.has(zone)) return true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    // only valid names are kept, so the set stays as small as the IANA list however callers misspell
    knownTimeZones.add(zone);
    return true;
  } catch {
    return false;
  }
}

/**
 * When a contact may be called, in the contact's own local time. `time_zone` is the campaign's
 * default zone, used only when neither the contact's row nor its number says where it is.
 */
export const callingHoursSchema = z
  .object({
    days: z.array(z.enum(weekdays)).min(1).max(7).default(['mon', 'tue', 'wed', 'thu', 'fri']),
    start: clock.default('09:00'),
    end: clock.default('20:00'),
    time_zone: timeZoneSchema.default('America/New_York'),
  })
  .strict()
  .refine((h) => minutesOf(h.end) > minutesOf(h.start), { path: ['end'], message: 'end must be after start' });

export type CallingHours = z.infer<typeof callingHoursSchema>;

/** Every day, all day: what tests and `npm run dev` use so simulated calls run at any hour. */
export const alwaysOpen: CallingHours = { days: [...weekdays], start: '00:00', end: '24:00', time_zone: 'UTC' };

export function minutesOf(clockTime: string): number {
  const [h, m] = clockTime.split(':').map(Number);
  return h! * 60 + m!;
}
