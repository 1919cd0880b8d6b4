import { ApplicationFailure } from '@temporalio/common';
import { ProviderRejectedError } from '../src/telephony/live/provider-errors.ts';
import { failureTypes, type FailureType } from '../workflows/messages.ts';

export function permanentFailure(type: FailureType, message: string): ApplicationFailure {
  return ApplicationFailure.create({ type, message, nonRetryable: true });
}

/**
 * Adapters throw their own errors; this is where they become what a workflow branches on. A provider's
 * permanent rejection (bad credentials, a suspended account, an invalid request) is not retried;
 * anything else is left to the activity's retry policy.
 */
export function translateActivityErrors<A extends Record<string, (...args: never[]) => Promise<unknown>>>(activities: A): A {
  const translated: Record<string, (...args: never[]) => Promise<unknown>> = {};
  for (const [name, run] of Object.entries(activities)) {
    translated[name] = async (...args) => {
      try {
        return await run(...args);
      } catch (error) {
        if (error instanceof ProviderRejectedError) throw permanentFailure(failureTypes.providerRejected, error.message);
        throw error;
      }
    };
  }
  return translated as A;
}
