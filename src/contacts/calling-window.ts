import parsePhoneNumberFromString from 'libphonenumber-js';
import { DateTime } from 'luxon';
import { isKnownTimeZone, minutesOf, weekdays, type CallingHours } from '../domain/calling-hours.ts';
import { numberTimeZones } from './number-time-zones.ts';

/** More candidate zones than this (e.g. a toll-free number spanning a continent) says nothing about the person. */
const MAX_CANDIDATE_ZONES = 3;

/**
 * The zones a contact may be in: its own `time_zone` when set, else the zones Google's libphonenumber
 * data gives for the number (country; area code for North America), else the campaign's default.
 * Several close zones (London and the Isle of Man) are all kept: a call must be allowed in each.
 */
export async function contactZones(contact: { time_zone: string | null; phone_number: string }, fallback: string): Promise<string[]> {
  if (contact.time_zone && isKnownTimeZone(contact.time_zone)) return [contact.time_zone];
  const parsed = parsePhoneNumberFromString(contact.phone_number);
  const zones = parsed ? ((await numberTimeZones(parsed).catch(() => null)) ?? []) : [];
  const known = zones.filter(isKnownTimeZone);
  return known.length > 0 && known.length <= MAX_CANDIDATE_ZONES ? known : [fallback];
}

/** Is `at` inside the calling hours in this zone? */
export function isOpen(at: Date, hours: CallingHours, zone: string): boolean {
  const local = DateTime.fromJSDate(at, { zone });
  const minute = local.hour * 60 + local.minute;
  return hours.days.includes(weekdays[local.weekday - 1]!) && minute >= minutesOf(hours.start) && minute < minutesOf(hours.end);
}

/**
 * The first moment at or after `from` when every zone is inside the calling hours (minute steps
 * across window edges; at most two weeks ahead, so a window that never opens in all zones at once
 * answers null instead of looping).
 */
export function nextOpening(from: Date, hours: CallingHours, zones: string[]): Date | null {
  let at: DateTime = DateTime.fromJSDate(from).toUTC();
  const horizon = at.plus({ days: 14 });
  while (at < horizon) {
    const closedIn = zones.find((zone) => !isOpen(at.toJSDate(), hours, zone));
    if (!closedIn) return at.toJSDate();
    at = nextEdge(at, hours, closedIn);
  }
  return null;
}

/** The next time the window opens in `zone` after `at` (its start today if still ahead, else tomorrow's). */
function nextEdge(at: DateTime, hours: CallingHours, zone: string): DateTime {
  const local = at.setZone(zone);
  const start = minutesOf(hours.start);
  const today = local.startOf('day').plus({ minutes: start });
  const candidate = today > local ? today : local.startOf('day').plus({ days: 1, minutes: start });
  return candidate.toUTC();
}
