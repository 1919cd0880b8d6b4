import { randomBytes } from 'node:crypto';
import { listenOnLoopback } from './loopback-server.ts';
import { Hono, type Context } from 'hono';
import { jwtVerify } from 'jose';

export interface LiveKitFault {
  method: string;
  status: number;
  code: string;
  msg: string;
  meta?: Record<string, string>;
  times?: number;
}

/**
 * A local LiveKit server API speaking Twirp (JSON over HTTP POST /twirp/livekit.<Service>/<Method>):
 * checks the SDK's signed access token, keeps outbound SIP trunks, records every request, and answers
 * with Twirp error bodies ({code, msg, meta}) when a fault is queued.
 */
/** How the phone network answers a dial to a number: picked up, or a SIP failure (no status = ring-out). */
export type DialScript = { answer: true } | { sipStatus?: number; reason?: string };

export async function startLiveKitStandIn(options: {
  apiKey: string;
  apiSecret: string;
  /** per dialed number; unknown numbers answer */
  dialScript?: (number: string) => DialScript;
  /** the fake agent: told when a dialed participant answers (room and the dispatch's metadata) */
  onAnswered?: (room: string, metadata: string) => void;
}) {
  const trunks: Record<string, unknown>[] = [];
  const rooms = new Map<string, { participants: Record<string, unknown>[]; dispatches: Record<string, unknown>[] }>();
  const requests: { service: string; method: string; body: Record<string, unknown> }[] = [];
  const faults: LiveKitFault[] = [];
  const key = new TextEncoder().encode(options.apiSecret);
  const twirp = (c: Context, status: number, body: unknown) =>
    c.body(JSON.stringify(body), status as 200, { 'content-type': 'application/json' });

  const app = new Hono();
  app.post('/twirp/:target/:method', async (c) => {
    const [, service] = c.req.param('target').split('.');
    const method = c.req.param('method');
    const body = (await c.req.json()) as Record<string, unknown>;
    requests.push({ service: service!, method, body });
    try {
      const { payload } = await jwtVerify((c.req.header('authorization') ?? '').replace(/^Bearer /, ''), key);
      if (payload.iss !== options.apiKey) throw new Error('wrong key');
    } catch {
      return twirp(c, 401, { code: 'unauthenticated', msg: 'invalid token' });
    }
    const fault = faults.find((f) => f.method === method && (f.times ?? 1) > 0);
    if (fault) {
      fault.times = (fault.times ?? 1) - 1;
      return twirp(c, fault.status, { code: fault.code, msg: fault.msg, ...(fault.meta ? { meta: fault.meta } : {}) });
    }
    switch (`${service}/${method}`) {
      case 'SIP/ListSIPOutboundTrunk':
        return twirp(c, 200, { items: trunks });
      case 'SIP/CreateSIPOutboundTrunk': {
        const trunk = { ...(body.trunk as Record<string, unknown>), sipTrunkId: `ST_${randomBytes(6).toString('hex')}` };
        trunks.push(trunk);
        return twirp(c, 200, trunk);
      }
      case 'SIP/DeleteSIPTrunk': {
        const at = trunks.findIndex((t) => t.sipTrunkId === body.sipTrunkId);
        if (at < 0) return twirp(c, 404, { code: 'not_found', msg: 'trunk not found' });
        const [gone] = trunks.splice(at, 1);
        return twirp(c, 200, gone);
      }
      case 'RoomService/CreateRoom': {
        const name = String(body.name);
        // as livekit-server does: a room created without agents gets the default dispatch (agent name ''),
        // so a room is never without one
        if (!rooms.has(name)) rooms.set(name, { participants: [], dispatches: [{ id: `AD_${randomBytes(4).toString('hex')}`, agentName: '', room: name, metadata: '' }] });
        return twirp(c, 200, { sid: `RM_${name}`, name, metadata: body.metadata ?? '' });
      }
      case 'RoomService/ListParticipants':
        return twirp(c, 200, { participants: rooms.get(String(body.room))?.participants ?? [] });
      case 'RoomService/DeleteRoom':
        if (!rooms.delete(String(body.room))) return twirp(c, 404, { code: 'not_found', msg: 'room not found' });
        return twirp(c, 200, {});
      case 'AgentDispatchService/CreateDispatch': {
        const room = rooms.get(String(body.room));
        if (!room) return twirp(c, 404, { code: 'not_found', msg: 'room not found' });
        const dispatch = { id: `AD_${randomBytes(4).toString('hex')}`, agentName: body.agentName, room: body.room, metadata: body.metadata };
        room.dispatches.push(dispatch);
        return twirp(c, 200, dispatch);
      }
      case 'AgentDispatchService/ListDispatch':
        return twirp(c, 200, { agentDispatches: rooms.get(String(body.room))?.dispatches ?? [] });
      case 'SIP/CreateSIPParticipant': {
        const room = rooms.get(String(body.roomName));
        if (!room) return twirp(c, 404, { code: 'not_found', msg: 'room not found' });
        if (!trunks.some((t) => t.sipTrunkId === body.sipTrunkId)) return twirp(c, 400, { code: 'invalid_argument', msg: 'unknown trunk' });
        const script = options.dialScript?.(String(body.sipCallTo)) ?? { answer: true };
        if ('sipStatus' in script || !('answer' in script)) {
          if (script.sipStatus === undefined) return twirp(c, 408, { code: 'deadline_exceeded', msg: 'request timed out' });
          const meta = { sip_status_code: String(script.sipStatus), sip_status: script.reason ?? 'Failed' };
          return twirp(c, script.sipStatus >= 500 ? 503 : 400, { code: script.sipStatus >= 500 ? 'unavailable' : 'failed_precondition', msg: `sip status: ${script.sipStatus}`, meta });
        }
        const participant = { sid: `PA_${randomBytes(4).toString('hex')}`, identity: body.participantIdentity, kind: 'SIP' };
        room.participants.push(participant);
        options.onAnswered?.(String(body.roomName), String(room.dispatches.find((d) => d.agentName)?.metadata ?? ''));
        return twirp(c, 200, { participantId: participant.sid, participantIdentity: body.participantIdentity, roomName: body.roomName, sipCallId: `SCL_${randomBytes(4).toString('hex')}` });
      }
      default:
        return twirp(c, 404, { code: 'bad_route', msg: `no handler for ${service}/${method}` });
    }
  });

  const server = await listenOnLoopback(app);
  const { url } = server;
  return {
    url,
    requests,
    faults,
    trunks,
    rooms,
    close: server.close,
  };
}
