import { ApplicationFailure } from '@temporalio/common';
import { failureTypes } from '../../../activities/errors.ts';

/**
 * A provider's HTTP status → what the activity should do: 401/403 are permanent (wrong credentials or
 * a suspended account: retrying will not help), 400/404/422 are permanent for the request, anything
 * else (5xx, timeouts, 429) is thrown as it is for the retry policy.
 */
export function classifyProviderError(provider: string, action: string, error: unknown): unknown {
  const status = (error as { status?: number })?.status;
  const code = (error as { code?: number | string })?.code;
  const message = (error as Error)?.message ?? String(error);
  if (status === 401 || status === 403) {
    return ApplicationFailure.create({
      type: failureTypes.providerRejected,
      message: `${provider} refused to ${action} (HTTP ${status}${code ? `, code ${code}` : ''}): check the account credentials. ${message}`,
      nonRetryable: true,
    });
  }
  if (status === 400 || status === 404 || status === 422) {
    return ApplicationFailure.create({
      type: failureTypes.providerRejected,
      message: `${provider} rejected the request to ${action} (HTTP ${status}${code ? `, code ${code}` : ''}): ${message}`,
      nonRetryable: true,
    });
  }
  return error;
}
