import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { contactInputSchema } from './contact-schemas.ts';

/** A contact ready to store. */
export interface NormalizedContact {
  participant_name: string | null;
  phone_number: string;
  time_zone: string | null;
  variables: Record<string, string | number | boolean | null>;
}

export type NormalizeResult = { ok: true; contact: NormalizedContact } | { ok: false; reason: string; value?: string };

const knownZones = new Set(Intl.supportedValuesOf('timeZone'));

/** Turns one uploaded row (JSON object or mapped CSV record) into a contact with an E.164 number. */
export function normalizeContact(row: unknown, defaultCountry: string): NormalizeResult {
  const parsed = contactInputSchema.safeParse(row);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { ok: false, reason: `${issue.path.join('.') || 'row'}: ${issue.message}` };
  }
  const { participant_name, phone_number, time_zone, variables, ...extra } = parsed.data;
  const raw = String(phone_number);
  const phone = parsePhoneNumberFromString(raw, defaultCountry as CountryCode);
  if (!phone || !phone.isValid()) {
    return { ok: false, reason: `not a valid phone number (default country ${defaultCountry})`, value: raw };
  }
  if (time_zone && !knownZones.has(time_zone)) {
    return { ok: false, reason: 'unknown time zone (use an IANA name such as America/New_York)', value: time_zone };
  }
  return {
    ok: true,
    contact: {
      participant_name: participant_name || null,
      phone_number: phone.number,
      time_zone: time_zone || null,
      variables: { ...variables, ...extra },
    },
  };
}
