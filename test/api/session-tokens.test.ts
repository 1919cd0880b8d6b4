import { describe, expect, it } from 'vitest';
import { createSessions } from '../../src/api/auth/session.ts';

describe('session tokens', () => {
  it('verify again from memory until their own expiry, and not one second after it', async () => {
    let now = Date.parse('2026-12-04T12:00:00.250Z');
    const sessions = createSessions('a-session-secret-of-enough-length-0123456789', 60, { now: () => now });
    const token = await sessions.issue({ id: 'user-1', email: 'one@example.com' });
    expect(await sessions.verify(token)).toEqual({ id: 'user-1', email: 'one@example.com' });
    now += 59_000;
    expect(await sessions.verify(token)).toEqual({ id: 'user-1', email: 'one@example.com' });
    // exp is 12:01:00: remembered or not, the token ends with its second
    now = Date.parse('2026-12-04T12:01:00.000Z');
    await expect(sessions.verify(token)).rejects.toThrow(/exp/);
  });

  it('never take a changed token for one they verified', async () => {
    const sessions = createSessions('a-session-secret-of-enough-length-0123456789', 60);
    const token = await sessions.issue({ id: 'user-1', email: 'one@example.com' });
    await sessions.verify(token);
    const [header, payload, signature] = token.split('.');
    const otherUser = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), sub: 'user-2' })).toString('base64url');
    await expect(sessions.verify(`${header}.${otherUser}.${signature}`)).rejects.toThrow(/signature/);
    const other = createSessions('another-secret-of-enough-length-0123456789ab', 60);
    await expect(other.verify(token)).rejects.toThrow(/signature/);
  });
});
