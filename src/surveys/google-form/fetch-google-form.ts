import { FormParseError, parseGoogleFormPage, type ImportedForm } from './parse-google-form.ts';

/** Fetches a page's HTML; injected so tests serve saved pages and production uses the network. */
export type PageFetcher = (url: string) => Promise<string>;

const MAX_PAGE_BYTES = 5 * 1024 * 1024;

/** Only docs.google.com form links; `/edit` and short query strings are turned into the public viewform. */
export function viewformUrl(input: string): string {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    throw new FormParseError('google_form_url is not a URL');
  }
  const match = /^\/forms\/(d\/e\/[\w-]+|d\/[\w-]+)/.exec(url.pathname);
  if (url.protocol !== 'https:' || url.hostname !== 'docs.google.com' || !match) {
    throw new FormParseError('google_form_url must be a https://docs.google.com/forms/… link');
  }
  return `https://docs.google.com/forms/${match[1]}/viewform`;
}

export const fetchPage: PageFetcher = async (url) => {
  const response = await fetch(url, { redirect: 'follow', signal: AbortSignal.timeout(10_000) });
  if (!response.ok) throw new FormParseError(`the form page answered ${response.status}`);
  const text = await response.text();
  if (text.length > MAX_PAGE_BYTES) throw new FormParseError('the form page is unexpectedly large');
  return text;
};

export async function importGoogleForm(url: string, fetcher: PageFetcher = fetchPage): Promise<ImportedForm & { url: string }> {
  const page = viewformUrl(url);
  let html: string;
  try {
    html = await fetcher(page);
  } catch (error) {
    if (error instanceof FormParseError) throw error;
    throw new FormParseError(`the form page could not be fetched: ${(error as Error).message}`);
  }
  return { ...parseGoogleFormPage(html), url: page };
}
