import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, errorMessage, unwrap } from '../../api/client';
import { Link } from '../../router';
import { CallingSettings } from './calling-settings';
import { ContactsList } from './contacts-list';
import { LaunchSection } from './launch-section';
import { OptionAliases } from './option-aliases';
import { QuestionsEditor } from './questions-editor';
import { TableHead } from '../../components/table-head';
import { VoiceSettings } from './voice-settings';

function ContactsUpload({ surveyId }: { surveyId: string }) {
  const queryClient = useQueryClient();
  const [over, setOver] = useState(false);
  const upload = useMutation({
    mutationFn: async (file: File) => {
      const { data, error, response } = await api.POST('/surveys/{surveyId}/contacts', {
        params: { path: { surveyId } },
        // the operation's typed body is the JSON form; this sends its text/csv alternative as it is
        body: (await file.text()) as never,
        bodySerializer: (body: unknown) => body as string,
        headers: { 'content-type': 'text/csv' },
      });
      if (!response.ok || !data) throw new Error(errorMessage(error));
      return data;
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['surveys', surveyId] }),
  });
  const take = (files: FileList | null) => files?.[0] && upload.mutate(files[0]);
  const result = upload.data;

  return (
    <section aria-labelledby="contacts-title">
      <h2 id="contacts-title">Contacts</h2>
      <div
        className={`drop${over ? ' over' : ''}`}
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={(e) => {
          e.preventDefault();
          setOver(false);
          take(e.dataTransfer.files);
        }}
      >
        <label htmlFor="csv-file">Upload a CSV of contacts (a phone column; drop the file here or choose it)</label>
        <input id="csv-file" type="file" accept=".csv,text/csv" onChange={(e) => take(e.target.files)} />
      </div>
      {upload.isPending && <p role="status">Uploading…</p>}
      {upload.error && <p role="alert" className="error">{upload.error.message}</p>}
      {result && (
        <div role="status">
          <p>
            {result.imported} imported, {result.rejected} rejected, {result.duplicates} duplicates, {result.already_present} already present (of {result.total_rows} rows).
          </p>
          {result.errors.length > 0 && (
            <div className="table-wrap">
              <table>
                <caption>Rejected rows</caption>
                <TableHead columns={['Line', 'Reason', 'Value']} />
                <tbody>
                  {result.errors.map((e) => (
                    <tr key={`${e.line}-${e.reason}`}>
                      <td>{e.line}</td>
                      <td>{e.reason}</td>
                      <td>{e.value === undefined ? '' : String(e.value)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </div>
      )}
    </section>
  );
}

export function SurveyPage({ surveyId }: { surveyId: string }) {
  const survey = useQuery({ queryKey: ['surveys', surveyId], queryFn: () => unwrap(api.GET('/surveys/{surveyId}', { params: { path: { surveyId } } })) });
  const campaigns = useQuery({
    queryKey: ['campaigns', { surveyId }],
    queryFn: () => unwrap(api.GET('/campaigns', { params: { query: { survey_id: surveyId } } })),
  });
  if (survey.error) return <p role="alert" className="error">{survey.error.message}</p>;
  if (!survey.data) return <p role="status">Loading survey…</p>;
  const latest = campaigns.data?.items ?? [];
  return (
    <>
      <section aria-labelledby="survey-title">
        <h1 id="survey-title">{survey.data.title}</h1>
        <p>
          {survey.data.json_questionnaire.length} questions · {survey.data.contact_count} contacts ·{' '}
          <Link href={`/app/surveys/${surveyId}/results`}>Results</Link>
        </p>
        {latest.length > 0 && (
          <ul aria-label="Campaigns">
            {latest.map((k) => (
              <li key={k.campaign_id}>
                <Link href={`/app/campaigns/${k.campaign_id}`}>
                  {k.test_mode ? 'Test call' : 'Campaign'} ({k.status})
                </Link>
              </li>
            ))}
          </ul>
        )}
      </section>
      <ContactsUpload surveyId={surveyId} />
      <ContactsList surveyId={surveyId} />
      <QuestionsEditor survey={survey.data} />
      <VoiceSettings survey={survey.data} />
      <CallingSettings survey={survey.data} />
      <OptionAliases survey={survey.data} />
      <LaunchSection surveyId={surveyId} />
    </>
  );
}
