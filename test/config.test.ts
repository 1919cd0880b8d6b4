import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.ts';

describe('configuration', () => {
  it('starts on defaults with nothing set', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ telephony: { mode: 'simulated', live: null }, database: { url: undefined }, http: { port: 8080 } });
  });

  it('keeps the data upkeep interval within 10 seconds and an hour (its link step looks back one day)', () => {
    expect(loadConfig({ DATA_UPKEEP_INTERVAL_MS: '3600000' }).upkeep.intervalMs).toBe(3_600_000);
    for (const [value, problem] of [['3600001', /DATA_UPKEEP_INTERVAL_MS: at most 3600000 \(1 hour\)/], ['9999', /DATA_UPKEEP_INTERVAL_MS: at least 10000/]] as const) {
      let error: ConfigError | undefined;
      try {
        loadConfig({ DATA_UPKEEP_INTERVAL_MS: value });
      } catch (e) {
        error = e as ConfigError;
      }
      expect(error).toBeInstanceOf(ConfigError);
      expect(error!.problems).toEqual([expect.stringMatching(problem)]);
    }
  });

  it('refuses live telephony without its credentials, naming each one', () => {
    const error = (() => {
      try {
        loadConfig({ TELEPHONY_MODE: 'live', TWILIO_ACCOUNT_SID: 'AC123' });
      } catch (e) {
        return e;
      }
    })() as ConfigError;
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.problems).toEqual(
      expect.arrayContaining([
        'TWILIO_ACCOUNT_SID: AC followed by 32 hex characters',
      ]),
    );
    const missing = (() => {
      try {
        loadConfig({ TELEPHONY_MODE: 'live' });
      } catch (e) {
        return (e as ConfigError).problems;
      }
    })();
    expect(missing).toEqual([
      'TWILIO_ACCOUNT_SID: required when TELEPHONY_MODE=live',
      'TWILIO_AUTH_TOKEN: required when TELEPHONY_MODE=live',
      'LIVEKIT_URL: required when TELEPHONY_MODE=live',
      'LIVEKIT_API_KEY: required when TELEPHONY_MODE=live',
      'LIVEKIT_API_SECRET: required when TELEPHONY_MODE=live',
      'CREDENTIALS_KEY: required when TELEPHONY_MODE=live',
      'PUBLIC_URL: must be https when TELEPHONY_MODE=live (Twilio calls its webhooks)',
    ]);
  });

  it('accepts a complete live configuration', () => {
    const config = loadConfig({
      TELEPHONY_MODE: 'live',
      TWILIO_ACCOUNT_SID: `AC${'0'.repeat(32)}`,
      TWILIO_AUTH_TOKEN: 'f'.repeat(32),
      TWILIO_NUMBER_COUNTRIES: 'US,CA',
      LIVEKIT_URL: 'https://example.livekit.cloud',
      LIVEKIT_API_KEY: 'key',
      LIVEKIT_API_SECRET: 'secret',
      CREDENTIALS_KEY: Buffer.alloc(32, 7).toString('base64'),
      PUBLIC_URL: 'https://dialer.example.com/',
    });
    expect(config.telephony.live).toMatchObject({
      twilio: { countries: ['US', 'CA'] },
      livekit: { agentName: 'survey-voice-agent' },
      voiceWebhookUrl: 'https://dialer.example.com/twilio/voice',
    });
    expect(config.telephony.dialRatePerSecond).toBe(1);
  });
});
