/** Business ids: an operator finds a campaign in the Web UI by typing its id, and a second start conflicts. */
export const campaignWorkflowId = (campaignId: string): string => `campaign-${campaignId}`;

export const contactWorkflowId = (campaignId: string, contactId: string): string =>
  `campaign-${campaignId}-contact-${contactId}`;

/** One provisioning at a time per user: concurrent requests join the running one. */
export const provisionWorkflowId = (userId: string): string => `provision-number-${userId}`;

export const releaseWorkflowId = (userId: string): string => `release-number-${userId}`;
