import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap } from '../../api/client';
import { navigate } from '../../router';
import { isFinished } from '../campaigns/campaign-states';

/** The test call's campaign, followed until it ends: the survey runs one campaign at a time, so launch waits for it. */
function useTestCall(campaignId: string | null) {
  return useQuery({
    enabled: campaignId !== null,
    queryKey: ['campaigns', campaignId, 'status'],
    queryFn: () => unwrap(api.GET('/campaigns/{id}/status', { params: { path: { id: campaignId! } } })),
    refetchInterval: (query) => (query.state.data && isFinished(query.state.data.status) ? false : 1000),
  });
}

/** A test call to the first contact first, then the launch (which opens the live campaign page). */
export function LaunchSection({ surveyId }: { surveyId: string }) {
  const [testCampaign, setTestCampaign] = useState<string | null>(null);
  const launch = useMutation({
    mutationFn: (testMode: boolean) => unwrap(api.POST('/campaigns/launch', { body: { survey_id: surveyId, test_mode: testMode } })),
    onSuccess: (data, testMode) => {
      if (testMode) setTestCampaign(data.campaign_id);
      else navigate(`/app/campaigns/${data.campaign_id}`);
    },
  });
  const test = useTestCall(testCampaign);
  const testDone = test.data ? isFinished(test.data.status) : false;
  const outcome = test.data && (test.data.completed_calls > 0 ? 'the survey was completed' : test.data.failed_calls > 0 ? 'the call did not complete the survey' : 'calling…');
  return (
    <section aria-labelledby="launch-title">
      <h2 id="launch-title">Launch</h2>
      <p>Place a test call to the first contact, then launch the campaign.</p>
      <div className="row">
        <button type="button" className="secondary" disabled={launch.isPending || (testCampaign !== null && !testDone)} onClick={() => launch.mutate(true)}>
          Test call
        </button>
        <button type="button" disabled={launch.isPending || !testDone} onClick={() => launch.mutate(false)}>
          Launch campaign
        </button>
      </div>
      {launch.isPending && <p role="status">Getting your calling number and starting…</p>}
      {test.data && (
        <p role="status">
          Test call from {test.data.phone_number ?? 'your new number'}: {testDone ? `finished, ${outcome}` : outcome}
        </p>
      )}
      {test.error && <p role="alert" className="error">{test.error.message}</p>}
      {launch.error && <p role="alert" className="error">{launch.error.message}</p>}
    </section>
  );
}
