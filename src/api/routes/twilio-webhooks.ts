import { Hono, type Context } from 'hono';
import twilio from 'twilio';
import type { AppDeps } from '../deps.ts';
import { ApiError } from '../errors.ts';

const OPT_OUT_WORDS = /\b(stop|remove|unsubscribe|do not call|don'?t call|no more calls)\b/i;

/**
 * Twilio's voice webhooks for the users' numbers (someone calls back the number that called them).
 * Every request must carry a valid X-Twilio-Signature for the public URL, else 403.
 */
export function twilioWebhookRoutes({ sql, config }: AppDeps) {
  const app = new Hono();
  const live = config.telephony.live;

  const verified = async (c: Context): Promise<Record<string, string>> => {
    if (!live) throw new ApiError(404, 'not_found', 'Twilio webhooks need TELEPHONY_MODE=live');
    const type = c.req.header('content-type') ?? '';
    if (!type.includes('application/x-www-form-urlencoded')) throw new ApiError(415, 'unsupported_media_type', 'Twilio posts form-encoded bodies');
    const params = Object.fromEntries(new URLSearchParams(await c.req.text()));
    const url = `${config.http.publicUrl}${c.req.path}${new URL(c.req.url).search}`;
    const signature = c.req.header('x-twilio-signature') ?? '';
    if (!signature || !twilio.validateRequest(live.twilio.authToken, signature, url, params)) {
      throw new ApiError(403, 'invalid_signature', 'the request is not signed by Twilio');
    }
    return params;
  };
  const twiml = (c: Context, response: InstanceType<typeof twilio.twiml.VoiceResponse>) =>
    c.body(response.toString(), 200, { 'content-type': 'text/xml' });
  const ownerOf = async (calledNumber: string | undefined) => {
    const [owner] = await sql<{ id: string; name: string | null }[]>`
      select id, name from users where twilio_phone_number = ${calledNumber ?? ''}`;
    return owner ?? null;
  };

  app.post('/voice', async (c) => {
    const params = await verified(c);
    const owner = await ownerOf(params.To);
    const response = new twilio.twiml.VoiceResponse();
    const gather = response.gather({
      input: ['dtmf', 'speech'],
      numDigits: 1,
      action: `${config.http.publicUrl}/twilio/voice/opt-out`,
      method: 'POST',
      speechTimeout: 'auto',
      hints: 'stop, remove me, do not call',
    });
    gather.say(
      `Hello. You were called by an automated survey assistant${owner?.name ? ` on behalf of ${owner.name}` : ''}, with a few short questions. ` +
        'If you do not want to be called again, press 9 or say stop.',
    );
    response.say('Thank you for calling back. Goodbye.');
    return twiml(c, response);
  });

  app.post('/voice/opt-out', async (c) => {
    const params = await verified(c);
    const owner = await ownerOf(params.To);
    const response = new twilio.twiml.VoiceResponse();
    const optedOut = params.Digits === '9' || OPT_OUT_WORDS.test(params.SpeechResult ?? '');
    if (optedOut && owner && params.From) {
      await sql`
        insert into do_not_call (user_id, phone_number, source) values (${owner.id}, ${params.From}, 'inbound')
        on conflict do nothing`;
      response.say('Done. This number will not be called again. Goodbye.');
    } else {
      response.say('Thank you. Goodbye.');
    }
    return twiml(c, response);
  });

  return app;
}
