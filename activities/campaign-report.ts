import type { ContactFinished } from '../workflows/messages.ts';

/** One contact run's word to its campaign, sent at most once per `requestId`. */
export interface CampaignReport {
  campaignWorkflowId: string;
  /** derived from the contact's run: the same run always sends the same id */
  requestId: string;
  finished: ContactFinished;
}

/** Delivers a report to the campaign's current run; `delivered: false` when the campaign no longer runs. */
export type CampaignTeller = (report: CampaignReport) => Promise<{ delivered: boolean }>;

export interface CampaignReportDeps {
  tell: CampaignTeller;
}

/**
 * Telling the campaign from a local activity instead of a workflow's external signal: the contact's
 * run records one marker event and can finish in the same workflow task, where an external signal
 * costs two events and a workflow task of its own (see README, "Events per contact").
 */
export function createCampaignReportActivities({ tell }: CampaignReportDeps) {
  return {
    async reportToCampaign(report: CampaignReport): Promise<{ delivered: boolean }> {
      return tell(report);
    },
  };
}
