import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/** Custom search attributes, registered on the dev server and set on every campaign and call workflow. */
export const CampaignIdAttr = defineSearchAttributeKey('CampaignId', SearchAttributeType.KEYWORD);
export const UserIdAttr = defineSearchAttributeKey('UserId', SearchAttributeType.KEYWORD);
export const SurveyIdAttr = defineSearchAttributeKey('SurveyId', SearchAttributeType.KEYWORD);
export const ContactIdAttr = defineSearchAttributeKey('ContactId', SearchAttributeType.KEYWORD);
/** A campaign's lifecycle: provisioning, running, completed, failed. */
export const CampaignStatusAttr = defineSearchAttributeKey('CampaignStatus', SearchAttributeType.KEYWORD);
/** A contact's final call outcome (completed, no_answer, …), set when its workflow finishes. */
export const CallOutcomeAttr = defineSearchAttributeKey('CallOutcome', SearchAttributeType.KEYWORD);

export const allSearchAttributes = [
  CampaignIdAttr,
  UserIdAttr,
  SurveyIdAttr,
  ContactIdAttr,
  CampaignStatusAttr,
  CallOutcomeAttr,
];
