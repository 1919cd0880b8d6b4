import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap } from '../../api/client';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { PhoneNumberHistory } from './phone-number-history';

export function PhoneNumberPage() {
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const number = useQuery({ queryKey: ['phone-number'], queryFn: () => unwrap(api.GET('/campaigns/phone-number')) });
  const release = useMutation({
    mutationFn: () => unwrap(api.POST('/campaigns/release-number')),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['phone-number'] }),
  });
  const data = number.data;
  return (
    <>
      <section aria-labelledby="number-title">
        <h1 id="number-title">Phone number</h1>
        {number.isPending && <p role="status">Loading…</p>}
        {number.error && <p role="alert" className="error">{number.error.message}</p>}
        {data && (
          <dl>
            <dt>Number</dt>
            <dd>{data.phone_number ?? 'none yet (one is provisioned at the first launch)'}</dd>
            <dt>Status</dt>
            <dd>{data.status === 'provisioned' ? 'provisioned' : 'not provisioned'}</dd>
            <dt>SIP trunk</dt>
            <dd>{data.trunk_id ?? '—'}</dd>
            <dt>Provisioned</dt>
            <dd>{data.provisioned_at ? new Date(data.provisioned_at).toLocaleString() : '—'}</dd>
          </dl>
        )}
        {data?.phone_number && (
          <button type="button" disabled={release.isPending} onClick={() => setConfirming(true)}>
            Release number
          </button>
        )}
        {release.isPending && <p role="status">Releasing…</p>}
        {release.data && <p role="status">{release.data.message}</p>}
        {release.error && <p role="alert" className="error">{release.error.message}</p>}
        <ConfirmDialog
          open={confirming}
          title="Release this number?"
          confirmLabel="Release number"
          onCancel={() => setConfirming(false)}
          onConfirm={() => {
            setConfirming(false);
            release.mutate();
          }}
        >
          <p>{data?.phone_number} goes back to the carrier: calls can no longer come from it, and people who call it back will not reach you. The next launch gets a new number.</p>
        </ConfirmDialog>
      </section>
      <PhoneNumberHistory />
    </>
  );
}
