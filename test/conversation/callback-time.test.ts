import { describe, expect, it } from 'vitest';
import { parseCallbackTime } from '../../src/conversation/callback-time.ts';

describe('callback times in the contact\'s zone', () => {
  it('reads "tomorrow" from the person\'s local date, not the server\'s', () => {
    // 03:00 UTC on the 26th is still the evening of the 25th in Los Angeles
    const now = new Date('2026-11-26T03:00:00Z');
    expect(parseCallbackTime('call me back tomorrow at 3pm', now, 'America/Los_Angeles')?.toISOString()).toBe('2026-11-26T23:00:00.000Z');
    expect(parseCallbackTime('call me back tomorrow at 3pm', now, 'UTC')?.toISOString()).toBe('2026-11-27T15:00:00.000Z');
  });

  it('keeps the local hour across a daylight-saving change', () => {
    // the evening before US clocks go back (1 November 2026): 3 p.m. EST is 20:00 UTC, not 19:00
    const now = new Date('2026-10-31T18:00:00Z');
    expect(parseCallbackTime('try me tomorrow at 3pm', now, 'America/New_York')?.toISOString()).toBe('2026-11-01T20:00:00.000Z');
  });

  it('gives nothing for words without a time, or a time already past', () => {
    const now = new Date('2026-11-26T03:00:00Z');
    expect(parseCallbackTime('call me back some other time', now, 'Europe/Berlin')).toBeNull();
  });
});
