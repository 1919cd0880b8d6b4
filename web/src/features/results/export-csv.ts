import { session } from '../../api/client';

/**
 * Downloads the responses CSV. A fetch with the tab's bearer token, not a link: the token lives in
 * sessionStorage, which a plain navigation would not send. Throws the API's message on failure.
 */
export async function downloadResponsesCsv(surveyId: string): Promise<void> {
  const token = session.get();
  const response = await fetch(`/surveys/${encodeURIComponent(surveyId)}/responses?format=csv`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
    throw new Error(body?.error?.message ?? `export failed (${response.status})`);
  }
  const url = URL.createObjectURL(await response.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = `responses-${surveyId}.csv`;
  a.click();
  // the click has started the download; the object URL can go once the event loop moves on
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
