import { randomBytes } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { RoomServiceClient, SipClient } from 'livekit-server-sdk';
import { listenOnLoopback } from './loopback-server.ts';

/** The callee the emulated phone network reaches: who the dial asked for, in which room. */
export interface EmulatedDial {
  roomName: string;
  identity: string;
  name: string;
  attributes: Record<string, string>;
  number: string;
  trunkId: string;
}

/**
 * A loopback proxy in front of a real LiveKit server: every Twirp call goes to the server untouched,
 * except `SIP/CreateSIPParticipant`, which needs a SIP bridge this machine does not have (the server
 * answers 503). That one call is emulated: the trunk and the room are checked on the real server, then
 * `answer` joins a participant for the callee into the real room (as a phone pick-up would), and the
 * reply carries that participant's real sid, once it is in the room (wait_until_answered).
 */
export async function startSipEmulatingProxy(options: { upstream: string; apiKey: string; apiSecret: string; answer: (dial: EmulatedDial) => Promise<void> }) {
  const sip = new SipClient(options.upstream, options.apiKey, options.apiSecret);
  const rooms = new RoomServiceClient(options.upstream, options.apiKey, options.apiSecret);
  const calls: { method: string; status: number; emulated: boolean }[] = [];
  const twirp = (c: Context, status: number, body: unknown) => c.body(JSON.stringify(body), status as 200, { 'content-type': 'application/json' });

  const app = new Hono();
  app.post('/twirp/livekit.SIP/CreateSIPParticipant', async (c) => {
    const body = (await c.req.json()) as Record<string, unknown>;
    const dial: EmulatedDial = {
      roomName: String(body.roomName ?? ''),
      identity: String(body.participantIdentity ?? ''),
      name: String(body.participantName ?? ''),
      attributes: (body.participantAttributes as Record<string, string> | undefined) ?? {},
      number: String(body.sipCallTo ?? ''),
      trunkId: String(body.sipTrunkId ?? ''),
    };
    const answer = async (status: number, reply: unknown) => {
      calls.push({ method: 'CreateSIPParticipant', status, emulated: true });
      return twirp(c, status, reply);
    };
    if (!(await sip.listSipOutboundTrunk()).some((t) => t.sipTrunkId === dial.trunkId)) {
      return answer(404, { code: 'not_found', msg: `no outbound trunk ${dial.trunkId}` });
    }
    if ((await rooms.listRooms([dial.roomName])).length === 0) return answer(404, { code: 'not_found', msg: 'room not found' });
    await options.answer(dial);
    const joined = (await rooms.listParticipants(dial.roomName)).find((p) => p.identity === dial.identity);
    if (!joined) return answer(503, { code: 'unavailable', msg: 'the emulated callee did not join' });
    return answer(200, { participantId: joined.sid, participantIdentity: dial.identity, roomName: dial.roomName, sipCallId: `SCL_emulated_${randomBytes(4).toString('hex')}` });
  });
  app.post('/twirp/:target/:method', async (c) => {
    const response = await fetch(`${options.upstream}${c.req.path}`, {
      method: 'POST',
      headers: { authorization: c.req.header('authorization') ?? '', 'content-type': c.req.header('content-type') ?? 'application/json' },
      body: await c.req.arrayBuffer(),
    });
    calls.push({ method: c.req.param('method'), status: response.status, emulated: false });
    return c.body(await response.arrayBuffer(), response.status as 200, { 'content-type': response.headers.get('content-type') ?? 'application/json' });
  });

  const server = await listenOnLoopback(app);
  return { url: server.url, calls, close: server.close };
}
