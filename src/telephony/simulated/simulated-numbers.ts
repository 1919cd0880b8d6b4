import { seededRandom } from '../../domain/seeded-random.ts';
import type { NumberProvider, OwnedNumber } from '../ports.ts';

/**
 * Numbers from the fictional +1 NXX-555-01xx range, one per user, derived from the user id so a
 * "purchase" repeated after a lost response yields the same number.
 */
export class SimulatedNumberProvider implements NumberProvider {
  readonly name = 'simulated';
  private readonly owned = new Map<string, OwnedNumber>();
  /** Every purchase made, for tests that assert "exactly one number". */
  readonly purchases: string[] = [];

  async findNumberForUser(userId: string): Promise<OwnedNumber | null> {
    return this.owned.get(userId) ?? null;
  }

  async buyNumberForUser(userId: string): Promise<OwnedNumber> {
    const random = seededRandom(`number:${userId}`);
    const area = 201 + Math.floor(random() * 798);
    const line = String(Math.floor(random() * 100)).padStart(2, '0');
    // a number bought again after a release is a new purchase with a new SID, as at Twilio
    const earlier = this.purchases.filter((u) => u === userId).length;
    const sid = `PNsim${userId.replace(/-/g, '')}${earlier > 0 ? `r${earlier}` : ''}`;
    const number = { phoneNumber: `+1${area}55501${line}`, sid };
    this.owned.set(userId, number);
    this.purchases.push(userId);
    return number;
  }

  async releaseNumber(sid: string): Promise<void> {
    for (const [userId, number] of this.owned) if (number.sid === sid) this.owned.delete(userId);
  }
}
