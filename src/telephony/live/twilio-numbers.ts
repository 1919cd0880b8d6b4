import type { Twilio } from 'twilio';
import type { NumberProvider, OwnedNumber } from '../ports.ts';
import { classifyProviderError, ProviderRejectedError, removeUnlessGone } from './provider-errors.ts';

export interface TwilioNumberOptions {
  client: Twilio;
  /** Countries to search, in order of preference (ISO alpha-2). */
  countries: string[];
  areaCode?: number;
  /** The service's public voice webhook, for people who call the number back. */
  voiceUrl: string;
}

/** The purchase tag: looking it up before buying makes a retried purchase find the first one. */
export const numberTag = (userId: string) => `survey-dialer:${userId}`;

export class TwilioNumberProvider implements NumberProvider {
  readonly name = 'twilio';
  constructor(private readonly options: TwilioNumberOptions) {}

  async findNumberForUser(userId: string): Promise<OwnedNumber | null> {
    try {
      const [number] = await this.options.client.incomingPhoneNumbers.list({ friendlyName: numberTag(userId), limit: 1 });
      return number ? { phoneNumber: number.phoneNumber, sid: number.sid } : null;
    } catch (error) {
      throw classifyProviderError('Twilio', 'list phone numbers', error);
    }
  }

  async buyNumberForUser(userId: string): Promise<OwnedNumber> {
    const { client, countries, areaCode, voiceUrl } = this.options;
    try {
      for (const country of countries) {
        const [available] = await client.availablePhoneNumbers(country).local.list({
          voiceEnabled: true,
          ...(areaCode ? { areaCode } : {}),
          limit: 1,
        });
        if (!available) continue;
        const bought = await client.incomingPhoneNumbers.create({
          phoneNumber: available.phoneNumber,
          friendlyName: numberTag(userId),
          voiceUrl,
          voiceMethod: 'POST',
        });
        return { phoneNumber: bought.phoneNumber, sid: bought.sid };
      }
    } catch (error) {
      throw classifyProviderError('Twilio', 'buy a phone number', error);
    }
    throw new ProviderRejectedError('Twilio', `no local numbers with voice are available in ${countries.join(', ')}${areaCode ? ` (area code ${areaCode})` : ''}`);
  }

  async releaseNumber(sid: string): Promise<void> {
    await removeUnlessGone('Twilio', 'release the phone number', () => this.options.client.incomingPhoneNumbers(sid).remove());
  }
}
