import { SipClient } from 'livekit-server-sdk';
import type { SipTrunk, TrunkProvider } from '../ports.ts';
import { classifyProviderError, removeUnlessGone } from './provider-errors.ts';
import { trunkTag, type TwilioTermination } from './twilio-termination.ts';

/**
 * One LiveKit outbound SIP trunk per user, pointing at the user's Twilio termination domain with the
 * user's credentials. Found by name (which carries the user id) before anything is created.
 */
export class LiveKitTrunkProvider implements TrunkProvider {
  readonly name = 'livekit';
  constructor(private readonly deps: { sip: SipClient; termination: TwilioTermination }) {}

  async findTrunkForUser(userId: string): Promise<SipTrunk | null> {
    try {
      const trunks = await this.deps.sip.listSipOutboundTrunk();
      const trunk = trunks.find((t) => t.name === trunkTag(userId));
      return trunk ? { trunkId: trunk.sipTrunkId, trunkName: trunk.name, sipAddress: trunk.address, phoneNumber: trunk.numbers[0] ?? '' } : null;
    } catch (error) {
      throw classifyProviderError('LiveKit', 'list SIP trunks', error);
    }
  }

  async createTrunkForUser(userId: string, phoneNumber: string): Promise<SipTrunk> {
    const termination = await this.deps.termination.ensure(userId);
    try {
      const trunk = await this.deps.sip.createSipOutboundTrunk(trunkTag(userId), termination.domain, [phoneNumber], {
        authUsername: termination.username,
        authPassword: termination.password,
        metadata: JSON.stringify({ user_id: userId }),
        transport: 0,
      });
      return { trunkId: trunk.sipTrunkId, trunkName: trunk.name, sipAddress: trunk.address, phoneNumber };
    } catch (error) {
      throw classifyProviderError('LiveKit', 'create the SIP trunk', error);
    }
  }

  async deleteTrunk(trunkId: string): Promise<void> {
    await removeUnlessGone('LiveKit', 'delete the SIP trunk', () => this.deps.sip.deleteSipTrunk(trunkId));
  }
}
