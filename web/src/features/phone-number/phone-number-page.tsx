import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';

export function PhoneNumberPage() {
  const queryClient = useQueryClient();
  const number = useQuery({ queryKey: ['phone-number'], queryFn: () => unwrap(api.GET('/campaigns/phone-number')) });
  const release = useMutation({
    mutationFn: () => unwrap(api.POST('/campaigns/release-number')),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['phone-number'] }),
  });
  const data = number.data as { phone_number: string | null; status: string; provisioned_at?: string | null; trunk_id?: string | null } | undefined;
  return (
    <section aria-labelledby="number-title">
      <h1 id="number-title">Phone number</h1>
      {number.isPending && <p role="status">Loading…</p>}
      {number.error && <p role="alert" className="error">{number.error.message}</p>}
      {data && (
        <dl>
          <dt>Number</dt>
          <dd>{data.phone_number ?? 'none yet (one is provisioned at the first launch)'}</dd>
          <dt>Status</dt>
          <dd>{data.status}</dd>
          {data.trunk_id && (<><dt>SIP trunk</dt><dd>{data.trunk_id}</dd></>)}
          {data.provisioned_at && (<><dt>Provisioned</dt><dd>{new Date(data.provisioned_at).toLocaleString()}</dd></>)}
        </dl>
      )}
      {data?.phone_number && (
        <button type="button" disabled={release.isPending} onClick={() => window.confirm(`Release ${data.phone_number}? Calls can no longer come from it.`) && release.mutate()}>
          Release number
        </button>
      )}
      {release.data && <p role="status">{(release.data as { message: string }).message}</p>}
      {release.error && <p role="alert" className="error">{release.error.message}</p>}
    </section>
  );
}
