import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, session, unwrap } from '../../api/client';
import { navigate } from '../../router';

export function SignInPage() {
  const queryClient = useQueryClient();
  const options = useQuery({ queryKey: ['sign-in-options'], queryFn: () => unwrap(api.GET('/auth/providers')) });
  const [email, setEmail] = useState('');
  const devSignIn = useMutation({
    mutationFn: () => unwrap(api.POST('/auth/dev/login', { body: { email } })),
    onSuccess: (data) => {
      session.set(data.token);
      queryClient.setQueryData(['session'], data.user);
      navigate('/');
    },
  });

  return (
    <section aria-labelledby="sign-in-title">
      <h1 id="sign-in-title">Sign in</h1>
      {options.data?.google && (
        <p>
          <a className="button" href="/auth/google/login">Sign in with Google</a>
        </p>
      )}
      {options.data?.microsoft && (
        <p>
          <a className="button" href="/auth/microsoft/login">Sign in with Microsoft</a>
        </p>
      )}
      {options.data?.dev && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            devSignIn.mutate();
          }}
        >
          <h2>Dev sign-in</h2>
          <label htmlFor="dev-email">Email</label>
          <input id="dev-email" type="email" required value={email} onChange={(e) => setEmail(e.target.value)} autoComplete="email" />
          <p>
            <button type="submit" disabled={devSignIn.isPending}>Sign in</button>
          </p>
          {devSignIn.error && <p role="alert" className="error">{devSignIn.error.message}</p>}
        </form>
      )}
      {options.data && !options.data.google && !options.data.microsoft && !options.data.dev && <p>No sign-in method is configured.</p>}
    </section>
  );
}
