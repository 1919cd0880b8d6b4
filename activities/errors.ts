import { ApplicationFailure } from '@temporalio/common';

/** Failure types a workflow may branch on; anything else is a transient error the retry policy handles. */
export const failureTypes = {
  userNotFound: 'UserNotFound',
  campaignNotFound: 'CampaignNotFound',
  contactNotFound: 'ContactNotFound',
  providerRejected: 'ProviderRejected',
  outsideCallingHours: 'OutsideCallingHours',
} as const;

export function permanentFailure(type: (typeof failureTypes)[keyof typeof failureTypes], message: string): ApplicationFailure {
  return ApplicationFailure.create({ type, message, nonRetryable: true });
}
