import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './schema';

const TOKEN_KEY = 'survey-dialer-token';

/** The bearer token of this tab's session (from the dev sign-in or the cookie exchange). */
export const session = {
  get: () => sessionStorage.getItem(TOKEN_KEY),
  set: (token: string) => sessionStorage.setItem(TOKEN_KEY, token),
  clear: () => sessionStorage.removeItem(TOKEN_KEY),
};

const bearer: Middleware = {
  onRequest({ request }) {
    const token = session.get();
    if (token) request.headers.set('authorization', `Bearer ${token}`);
    return request;
  },
};

/** Typed from the service's own /openapi.json (generated into schema.d.ts by the build). */
export const api = createClient<paths>({ baseUrl: '', credentials: 'same-origin' });
api.use(bearer);

/** A validation issue of the API's 400 answers: the dotted path of the field and what is wrong with it. */
export interface FieldIssue {
  path: string;
  message: string;
}

/** What a failed call throws: the API's message for the page, and its per-field issues for the fields. */
export class ApiCallError extends Error {
  constructor(
    message: string,
    /** the API's message alone, without the issues (for forms that show those under their fields) */
    readonly summary: string,
    readonly issues: FieldIssue[],
  ) {
    super(message);
  }
}

function issuesOf(error: unknown): FieldIssue[] {
  const details = (error as { error?: { details?: unknown } } | undefined)?.error?.details;
  return Array.isArray(details) ? details.filter((d): d is FieldIssue => typeof d?.path === 'string' && typeof d?.message === 'string') : [];
}

/** The API's one error body, as a message for the page. */
export function errorMessage(error: unknown): string {
  const body = error as { error?: { message?: string } } | undefined;
  const list = issuesOf(error).map((d) => `${d.path}: ${d.message}`).join('; ');
  return [body?.error?.message ?? 'something went wrong', list].filter(Boolean).join(' — ');
}

/** Unwraps an openapi-fetch result: the data, or throws the API's message (an ApiCallError). */
export async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (error !== undefined || !response.ok) {
    const summary = (error as { error?: { message?: string } } | undefined)?.error?.message ?? 'something went wrong';
    throw new ApiCallError(errorMessage(error), summary, issuesOf(error));
  }
  return data as T;
}

/** The failed call's issues by path (`retry_policy.backoff.jitter`), for messages next to the fields. */
export function fieldIssues(error: Error | null): Record<string, string> {
  const byPath: Record<string, string> = {};
  if (error instanceof ApiCallError) for (const i of error.issues) byPath[i.path] = byPath[i.path] ? `${byPath[i.path]}; ${i.message}` : i.message;
  return byPath;
}
