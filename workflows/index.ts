// The worker's workflow bundle entry: every workflow type it runs.
export { campaignWorkflow } from './campaign.ts';
export { contactCallWorkflow } from './contact-call.ts';
export { provisionNumberWorkflow, releaseNumberWorkflow } from './provision-number.ts';
export { webhookDeliveryWorkflow } from './webhook-delivery.ts';
export { dataUpkeepWorkflow } from './data-upkeep.ts';
