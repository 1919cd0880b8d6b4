import type { SipTrunk, TrunkProvider } from '../ports.ts';

/** Trunk ids in LiveKit's ST_ format, one per user, kept in memory. */
export class SimulatedTrunkProvider implements TrunkProvider {
  readonly name = 'simulated';
  private readonly trunks = new Map<string, SipTrunk>();
  readonly creations: string[] = [];

  async findTrunkForUser(userId: string): Promise<SipTrunk | null> {
    return this.trunks.get(userId) ?? null;
  }

  async createTrunkForUser(userId: string, phoneNumber: string): Promise<SipTrunk> {
    const compact = userId.replace(/-/g, '');
    const trunk = {
      trunkId: `ST_sim${compact.slice(0, 12)}`,
      trunkName: `survey-dialer-${userId}`,
      sipAddress: `sim-${compact.slice(0, 12)}.pstn.example.invalid`,
      phoneNumber,
    };
    this.trunks.set(userId, trunk);
    this.creations.push(userId);
    return trunk;
  }

  async deleteTrunk(trunkId: string): Promise<void> {
    for (const [userId, trunk] of this.trunks) if (trunk.trunkId === trunkId) this.trunks.delete(userId);
  }
}
