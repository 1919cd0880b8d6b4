import { randomBytes } from 'node:crypto';
import { serve } from '@hono/node-server';
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
export async function startLiveKitStandIn(options: { apiKey: string; apiSecret: string }) {
  const trunks: Record<string, unknown>[] = [];
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
      default:
        return twirp(c, 404, { code: 'bad_route', msg: `no handler for ${service}/${method}` });
    }
  });

  let url = '';
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info) => {
      url = `http://127.0.0.1:${info.port}`;
      resolve(s);
    });
  });
  return {
    url,
    requests,
    faults,
    trunks,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
