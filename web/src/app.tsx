import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { api, session } from './api/client';
import { CampaignPage } from './features/campaigns/campaign-page';
import { PhoneNumberPage } from './features/phone-number/phone-number-page';
import { ResultsPage } from './features/results/results-page';
import { SignInPage } from './features/sign-in/sign-in-page';
import { NewSurveyPage } from './features/surveys/new-survey-page';
import { SurveyPage } from './features/surveys/survey-page';
import { SurveysPage } from './features/surveys/surveys-page';
import { Link, match, navigate, usePath } from './router';

/** Who is signed in: the tab's token, or the cookie session (after Google/Microsoft) exchanged for one. */
function useSession(enabled: boolean) {
  return useQuery({
    enabled,
    queryKey: ['session'],
    queryFn: async () => {
      const { data, response } = await api.GET('/auth/session');
      if (!response.ok || !data) {
        session.clear();
        return null;
      }
      session.set(data.token);
      return data.user;
    },
  });
}

function Page({ path }: { path: string }) {
  let params: Record<string, string> | null;
  if (path === '/' || path === '/app' || path === '/app/surveys') return <SurveysPage />;
  if (path === '/app/surveys/new') return <NewSurveyPage />;
  if ((params = match('/app/surveys/:id', path))) return <SurveyPage surveyId={params.id!} />;
  if ((params = match('/app/surveys/:id/results', path))) return <ResultsPage surveyId={params.id!} />;
  if ((params = match('/app/campaigns/:id', path))) return <CampaignPage campaignId={params.id!} />;
  if (path === '/app/phone-number') return <PhoneNumberPage />;
  return (
    <section>
      <h1>Page not found</h1>
      <p>
        <Link href="/">Back to your surveys</Link>
      </p>
    </section>
  );
}

export function App() {
  const path = usePath();
  const onSignIn = path === '/app/sign-in';
  // the sign-in page asks only when there is a token to check (a signed-out visit makes no failing request)
  const user = useSession(!onSignIn || Boolean(session.get()));
  const queryClient = useQueryClient();

  useEffect(() => {
    if (user.isSuccess && !user.data && !onSignIn) navigate('/app/sign-in');
    if (user.isSuccess && user.data && onSignIn) navigate('/');
  }, [user.isSuccess, user.data, onSignIn]);

  const signOut = async () => {
    await api.POST('/auth/logout');
    session.clear();
    queryClient.clear();
    navigate('/app/sign-in');
  };

  return (
    <>
      <header className="top">
        <Link href="/" className="brand">
          Survey Dialer
        </Link>
        {user.data && (
          <nav aria-label="Main">
            <Link href="/">Surveys</Link>
            <Link href="/app/phone-number">Phone number</Link>
            <a href="/docs">API docs</a>
            <button type="button" onClick={signOut}>
              Sign out
            </button>
          </nav>
        )}
      </header>
      <main>{onSignIn ? <SignInPage /> : user.isPending ? <p role="status">Loading…</p> : user.data ? <Page path={path} /> : null}</main>
    </>
  );
}
