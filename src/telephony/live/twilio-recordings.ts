import type { Twilio } from 'twilio';
import type { CallRecording, RecordingMedia, RecordingProvider } from '../ports.ts';
import { classifyProviderError, ProviderRejectedError, removeUnlessGone } from './provider-errors.ts';

export interface TwilioRecordingsOptions {
  client: Twilio;
  accountSid: string;
  authToken: string;
  /** where recording media is fetched from; Twilio's REST API unless a test points elsewhere */
  apiBaseUrl?: string;
  fetch?: typeof fetch;
  /** how long the carrier may take to start answering a media request; default 30 s */
  mediaTimeoutMs?: number;
}

/** How far from our dial time the carrier's call may have started and still be that call. */
const MATCH_WINDOW_MS = 5 * 60_000;

/** Midnight UTC of the day holding `ms`, `days` later. */
const utcMidnight = (ms: number, days: number) => {
  const d = new Date(ms);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + days));
};

/**
 * Recordings of the user's Elastic SIP trunk (record from answer). A trunk call is found in Twilio's
 * Calls list by its numbers and start time (LiveKit does not hand us Twilio's call sid), its recording
 * by that call sid; the media is fetched with the account's credentials and streamed on, so neither
 * Twilio's address nor its credentials reach the API's caller.
 */
export class TwilioRecordings implements RecordingProvider {
  readonly name = 'twilio';
  constructor(private readonly options: TwilioRecordingsOptions) {}

  async setTrunkRecording(trunk: { userId: string; carrierTrunkSid: string | null }, enabled: boolean): Promise<void> {
    const { client } = this.options;
    // the sid TwilioTermination stored when it set the trunk up: no second lookup by name through the account's trunks
    if (!trunk.carrierTrunkSid) throw new ProviderRejectedError('Twilio', `no Elastic SIP trunk stored for user ${trunk.userId} to set recording on`);
    try {
      // twilio 6.x: the trunk's recording settings are the singleton `recordings()`, POST /Trunks/{sid}/Recording
      await client.trunking.v1.trunks(trunk.carrierTrunkSid).recordings().update({ mode: enabled ? 'record-from-answer' : 'do-not-record', trim: 'do-not-trim' });
    } catch (error) {
      throw classifyProviderError('Twilio', 'set the trunk recording', error);
    }
  }

  async findRecording(call: { fromNumber: string; toNumber: string; dialedAt: Date }): Promise<CallRecording | null> {
    const { client } = this.options;
    const at = call.dialedAt.getTime();
    try {
      // Twilio documents StartTime filters by date (the SDK sends a date-time): whole UTC days around the
      // window hold it under either reading, and the closest start is chosen below
      const candidates = await client.calls.list({
        from: call.fromNumber,
        to: call.toNumber,
        startTimeAfter: utcMidnight(at - MATCH_WINDOW_MS, 0),
        startTimeBefore: utcMidnight(at + MATCH_WINDOW_MS, 2),
        limit: 20,
      });
      // retries dial the same numbers: the call is the one that started closest to our dial
      const closest = candidates
        .filter((c) => c.startTime && Math.abs(c.startTime.getTime() - at) <= MATCH_WINDOW_MS)
        .sort((a, b) => Math.abs(a.startTime.getTime() - at) - Math.abs(b.startTime.getTime() - at))[0];
      if (!closest) return null;
      const recordings = await client.recordings.list({ callSid: closest.sid, limit: 20 });
      const done = recordings.find((r) => r.status === 'completed');
      if (!done) return null;
      return {
        recordingSid: done.sid,
        providerCallSid: closest.sid,
        durationSeconds: done.duration === null || done.duration === undefined ? null : Number(done.duration),
        channels: done.channels ?? 1,
        startedAt: done.startTime ?? null,
      };
    } catch (error) {
      throw classifyProviderError('Twilio', 'find the call recording', error);
    }
  }

  async fetchMedia(recordingSid: string): Promise<RecordingMedia> {
    const { accountSid, authToken, apiBaseUrl = 'https://api.twilio.com', fetch: fetchImpl = fetch, mediaTimeoutMs = 30_000 } = this.options;
    const url = `${apiBaseUrl}/2010-04-01/Accounts/${accountSid}/Recordings/${encodeURIComponent(recordingSid)}.mp3`;
    // the deadline covers the carrier's answer, not the streaming after it: a long recording on a slow
    // link must not be cut off mid-body (AbortSignal.timeout would abort the body too)
    const abort = new AbortController();
    const deadline = setTimeout(() => abort.abort(new Error(`Twilio did not answer the media request within ${mediaTimeoutMs} ms`)), mediaTimeoutMs);
    let response: Response;
    try {
      // Twilio may redirect to its storage; fetch drops the Authorization header on a cross-origin redirect
      response = await fetchImpl(url, { headers: { authorization: `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}` }, signal: abort.signal });
    } catch (error) {
      // a timeout has no HTTP status: the route answers it 502 recording_unavailable like any carrier trouble
      throw classifyProviderError('Twilio', 'fetch the recording', error);
    } finally {
      clearTimeout(deadline);
    }
    if (!response.ok || !response.body) {
      await response.body?.cancel();
      throw classifyProviderError('Twilio', 'fetch the recording', Object.assign(new Error(`HTTP ${response.status}`), { status: response.status }));
    }
    const length = response.headers.get('content-length');
    return { body: response.body, contentType: response.headers.get('content-type') ?? 'audio/mpeg', contentLength: length ? Number(length) : null };
  }

  async deleteRecording(recordingSid: string): Promise<void> {
    await removeUnlessGone('Twilio', 'delete the recording', () => this.options.client.recordings(recordingSid).remove());
  }
}
