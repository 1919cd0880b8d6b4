import * as chrono from 'chrono-node';
import { DateTime } from 'luxon';

/**
 * "Tomorrow at 3" as the person meant it: read in their own zone (the contact's), not the server's.
 * chrono takes a fixed offset, so the offset of the zone at the parsed moment is checked again: a
 * callback across a daylight-saving change still lands at 3 p.m. local time.
 */
export function parseCallbackTime(text: string, now: Date, zone = 'UTC'): Date | null {
  const offsetAt = (at: Date) => DateTime.fromJSDate(at, { zone }).offset;
  const parse = (offset: number) => chrono.parseDate(text, { instant: now, timezone: offset }, { forwardDate: true });
  const nowOffset = offsetAt(now);
  let when = parse(nowOffset);
  if (when) {
    const thenOffset = offsetAt(when);
    if (thenOffset !== nowOffset) when = parse(thenOffset) ?? when;
  }
  return when && when > now ? when : null;
}

/** The callback time as the agent says it back, in the person's zone ("Thursday 3:00 PM"). */
export function describeCallbackTime(at: Date, zone = 'UTC'): string {
  const local = at.toLocaleString('en-US', { weekday: 'long', hour: 'numeric', minute: '2-digit', timeZone: zone });
  return zone === 'UTC' ? `${local} UTC` : local;
}
