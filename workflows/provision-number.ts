import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities/index.ts';

const { ensurePhoneNumber, ensureSipTrunk, releasePhoneNumber } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 8 },
});

/** Gives a user a number and a trunk ahead of any campaign (POST /campaigns/provision-number). */
export async function provisionNumberWorkflow(input: { userId: string }): Promise<{ phoneNumber: string; trunkId: string }> {
  const { phoneNumber } = await ensurePhoneNumber({ userId: input.userId });
  const { trunkId } = await ensureSipTrunk({ userId: input.userId, phoneNumber });
  return { phoneNumber, trunkId };
}

/** Releases the user's number and retires its trunk (POST /campaigns/release-number). */
export async function releaseNumberWorkflow(input: { userId: string }): Promise<{ released: string | null }> {
  return releasePhoneNumber({ userId: input.userId });
}
