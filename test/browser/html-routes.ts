import type { Locator, Page } from 'playwright-core';

/**
 * Every HTML route the service serves, in one place: the browser test opens each one and expects no
 * request to another host, no failed request, no console or page error and no CSP violation; the
 * security-headers test checks each carries the policy. A new page is covered by adding one line.
 * `{surveyId}` and `{campaignId}` are filled in with a survey the test made and its launched campaign.
 */
export interface HtmlRoute {
  path: string;
  /** Pages of the web app that need a session (the test signs in with the dev sign-in first). */
  signedIn: boolean;
  /** What the page shows once it has rendered from the service's data. */
  shows: (page: Page) => Locator;
  /** Keeps a server-sent event stream open, so the network never goes idle: wait for `load` instead. */
  live?: boolean;
}

const heading = (name: string | RegExp) => (page: Page) => page.getByRole('heading', { level: 1, name });

export const htmlRoutes: HtmlRoute[] = [
  { path: '/docs', signedIn: false, shows: (page) => page.getByRole('button', { name: /POST\s*\/campaigns\/launch\b/ }).first() },
  { path: '/app/sign-in', signedIn: false, shows: heading('Sign in') },
  { path: '/', signedIn: true, shows: heading('Your surveys') },
  { path: '/app/surveys/new', signedIn: true, shows: heading('New survey') },
  { path: '/app/surveys/{surveyId}', signedIn: true, shows: (page) => page.getByRole('heading', { name: 'Contacts' }) },
  { path: '/app/campaigns/{campaignId}', signedIn: true, shows: (page) => page.getByText(/Status: /), live: true },
  { path: '/app/surveys/{surveyId}/results', signedIn: true, shows: heading(/^Results: /) },
  { path: '/app/phone-number', signedIn: true, shows: heading('Phone number') },
];

/** The route's path with its placeholders filled in. */
export const fill = (path: string, ids: { surveyId: string; campaignId: string }) =>
  path.replace('{surveyId}', ids.surveyId).replace('{campaignId}', ids.campaignId);
