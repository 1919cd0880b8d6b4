import { providerErrorsTotal } from '../../observability/metrics.ts';

/**
 * The provider refused for a reason retrying will not fix: wrong credentials or a suspended account
 * (401/403), or an invalid request (400/404/422). Activities turn it into a non-retryable failure.
 */
export class ProviderRejectedError extends Error {
  constructor(
    readonly provider: string,
    message: string,
    readonly status: number | null = null,
  ) {
    super(message);
    this.name = 'ProviderRejectedError';
  }
}

/** What went wrong, in the few words the provider-errors metric is labelled with. */
export function providerErrorKind(status: number | undefined): 'auth' | 'invalid_request' | 'rate_limited' | 'server_error' | 'network' | 'other' {
  if (status === undefined) return 'network';
  if (status === 401 || status === 403) return 'auth';
  if (status === 400 || status === 404 || status === 422) return 'invalid_request';
  if (status === 429) return 'rate_limited';
  if (status >= 500) return 'server_error';
  return 'other';
}

/**
 * A provider's HTTP status → a ProviderRejectedError for permanent refusals; anything else (5xx,
 * timeouts, 429) is returned as it is for the activity's retry policy.
 */
export function classifyProviderError(provider: string, action: string, error: unknown): unknown {
  const status = (error as { status?: number })?.status;
  const code = (error as { code?: number | string })?.code;
  const message = (error as Error)?.message ?? String(error);
  const detail = `HTTP ${status}${code ? `, code ${code}` : ''}`;
  // every adapter's failure passes here once, so this is where they are counted
  providerErrorsTotal.inc({ provider: provider.toLowerCase(), kind: providerErrorKind(typeof status === 'number' ? status : undefined) });
  if (status === 401 || status === 403) {
    return new ProviderRejectedError(provider, `${provider} refused to ${action} (${detail}): check the account credentials. ${message}`, status);
  }
  if (status === 400 || status === 404 || status === 422) {
    return new ProviderRejectedError(provider, `${provider} rejected the request to ${action} (${detail}): ${message}`, status);
  }
  return error;
}

/** A provider delete where "already gone" (404) is the goal reached; any other failure is classified. */
export async function removeUnlessGone(provider: string, action: string, remove: () => Promise<unknown>): Promise<void> {
  try {
    await remove();
  } catch (error) {
    if ((error as { status?: number }).status === 404) return;
    throw classifyProviderError(provider, action, error);
  }
}
