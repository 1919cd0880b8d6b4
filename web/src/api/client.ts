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

/** The API's one error body, as a message for the page. */
export function errorMessage(error: unknown): string {
  const body = error as { error?: { message?: string; details?: { path: string; message: string }[] } } | undefined;
  const details = body?.error?.details;
  const list = Array.isArray(details) ? details.map((d) => `${d.path}: ${d.message}`).join('; ') : '';
  return [body?.error?.message ?? 'something went wrong', list].filter(Boolean).join(' — ');
}

/** Unwraps an openapi-fetch result: the data, or throws the API's message. */
export async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (error !== undefined || !response.ok) throw new Error(errorMessage(error));
  return data as T;
}
