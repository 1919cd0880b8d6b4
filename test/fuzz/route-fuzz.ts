import fc from 'fast-check';
import { buildOpenApiDocument } from '../../src/api/openapi.ts';
import type { Sql } from '../../src/db/client.ts';

/** One route of the OpenAPI document, as the fuzzer needs it. */
export interface FuzzRoute {
  method: string;
  path: string;
  queryNames: string[];
  bodyProperties: string[];
  hasBody: boolean;
  auth: boolean;
}

type JsonSchema = { properties?: Record<string, JsonSchema>; anyOf?: JsonSchema[]; oneOf?: JsonSchema[] };

/** Every operation of the document the API serves: adding a route adds it to the fuzz suite. */
const STREAMING_PATHS = ['/campaigns/{id}/events'];

export function routesFromOpenApi(): FuzzRoute[] {
  const doc = buildOpenApiDocument('http://api.test');
  return Object.entries(doc.paths)
    // the status event stream answers an accepted request with a response that never ends; its
    // refusals (404, 401) are covered by its own test
    .filter(([path]) => !STREAMING_PATHS.includes(path))
    .flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, raw]) => {
      const op = raw as { parameters?: { name: string; in: string }[]; requestBody?: { content: Record<string, { schema?: JsonSchema }> }; security?: unknown };
      const schema = op.requestBody?.content['application/json']?.schema;
      const properties = { ...schema?.properties, ...Object.assign({}, ...[...(schema?.anyOf ?? []), ...(schema?.oneOf ?? [])].map((s) => s.properties ?? {})) };
      return {
        method: method.toUpperCase(),
        path,
        queryNames: (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
        bodyProperties: Object.keys(properties),
        hasBody: Boolean(op.requestBody),
        auth: Boolean(op.security),
      };
    }),
  );
}

const hostileStrings = fc.constantFrom(
  '',
  ' ',
  '../../etc/passwd',
  '%00',
  '\u0000',
  "' or 1=1 --",
  '"; drop table users; --',
  '<script>alert(1)</script>',
  '${jndi:ldap://x}',
  '__proto__',
  'constructor',
  '\ud800',
  '😀'.repeat(50),
  'a'.repeat(10_000),
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  'NaN',
  '-1',
  '1e309',
  '9'.repeat(40),
  'null',
  'true',
  '[]',
  '{}',
  '+14155550100',
  '2026-02-30T25:61:00Z',
);
const hostileString = fc.oneof(hostileStrings, fc.string({ maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 40 }));
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  fc.integer(),
  fc.double(),
  fc.constantFrom(null, true, false, 0, -1, Number.MAX_SAFE_INTEGER, 1e308, -1e308),
  fc.array(hostileString, { maxLength: 5 }),
  fc.jsonValue({ maxDepth: 3 }),
  fc.dictionary(hostileString, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }),
);

export interface FuzzContext {
  /** ids that exist for the fuzzing user (its survey, its campaign), and for another user */
  ownIds: string[];
  foreignIds: string[];
  tokens: { own: string; foreign: string };
}

export interface FuzzRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string | undefined;
}

/** A hostile request to one route: path params, query, headers and body all chosen to break things. */
export function requestArbitrary(routes: FuzzRoute[], ctx: FuzzContext): fc.Arbitrary<FuzzRequest> {
  const pathParam = fc.oneof(fc.constantFrom(...ctx.ownIds, ...ctx.foreignIds, 'google', 'microsoft', 'dev'), fc.uuid(), hostileString);
  const token = fc.oneof(
    fc.constant<string | null>(ctx.tokens.own),
    fc.constant<string | null>(ctx.tokens.foreign),
    fc.constant<string | null>(null),
    hostileString.map((s): string | null => s),
    fc.constant<string | null>(`${ctx.tokens.own.slice(0, -2)}xx`),
  );
  return fc.constantFrom(...routes).chain((route) => {
    const body = fc.oneof(
      // schema-shaped objects with hostile values: the likeliest to get past the first checks
      fc.record(Object.fromEntries(route.bodyProperties.map((name) => [name, hostileValue])), { requiredKeys: [] }).map((o) => ({ type: 'application/json', text: JSON.stringify(o) })),
      fc.jsonValue({ maxDepth: 4 }).map((v) => ({ type: 'application/json', text: JSON.stringify(v) ?? 'null' })),
      fc.constantFrom('{', '{"a":', '[1,2', 'nul', '\u0000', '{"__proto__":{"admin":true}}', '{"constructor":{"prototype":{"x":1}}}').map((text) => ({ type: 'application/json', text })),
      fc
        .tuple(fc.array(fc.oneof(fc.constantFrom('phone', 'name', 'constructor', '__proto__', 'toString', 'time_zone'), hostileString), { minLength: 1, maxLength: 6 }), fc.array(fc.array(hostileString, { minLength: 1, maxLength: 8 }), { maxLength: 6 }))
        .map(([header, rows]) => ({ type: 'text/csv', text: [header.join(','), ...rows.map((r) => r.join(','))].join('\n') })),
      fc.string({ maxLength: 200 }).map((text) => ({ type: 'text/plain', text })),
      fc.constant({ type: 'multipart/form-data; boundary=x', text: '--x\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\nphone\n+1415555\r\n--x--' }),
      fc.constant(undefined),
    );
    const query = fc.dictionary(fc.oneof(fc.constantFrom(...route.queryNames, 'limit', 'cursor', 'format'), hostileString), hostileString, { maxKeys: 3 });
    const headers = fc.dictionary(fc.constantFrom('accept', 'origin', 'x-forwarded-for', 'cookie', 'x-twilio-signature', 'content-length'), fc.oneof(hostileStrings, fc.string({ maxLength: 30 })), { maxKeys: 2 });
    return fc.record({ params: fc.array(pathParam, { minLength: 3, maxLength: 3 }), query, headers, body, token }).map(({ params, query, headers, body, token }) => {
      let i = 0;
      const path = route.path.replace(/\{\w+\}/g, () => encodePathParam(params[i++]!));
      const search = new URLSearchParams();
      for (const [k, v] of Object.entries(query)) search.append(k, v);
      const all: Record<string, string> = {};
      // header values that fetch() refuses (control characters) cannot reach a server either
      for (const [k, v] of Object.entries(headers)) if (/^[\t\x20-\x7e]*$/.test(v)) all[k] = v;
      delete all['content-length'];
      if (token && /^[\x21-\x7e]+$/.test(token)) all.authorization = `Bearer ${token}`;
      if (body) all['content-type'] = body.type;
      return { method: route.method, url: `${path}${search.size ? `?${search}` : ''}`, headers: all, body: route.method === 'GET' ? undefined : body?.text };
    });
  });
}

/** Lone surrogates cannot be percent-encoded; send them as the malformed UTF-8 a hostile client would. */
function encodePathParam(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return value.split('').map((ch) => (/[\ud800-\udfff]/.test(ch) ? '%ED%A0%80' : encodeURIComponent(ch))).join('');
  }
}

/** What a rejected request must leave alone: every row of the tables the API writes directly. */
export async function stateFingerprint(sql: Sql, userIds: string[]): Promise<string> {
  // the fuzzing users' rows (a refused request must not touch them), plus counts of what any request
  // could add for someone else; scoped, so the cost does not grow with what other tests left behind
  const [row] = await sql<{ fingerprint: string }[]>`
    select concat_ws('|',
      (select md5(coalesce(string_agg(t::text, ',' order by t.id), '')) from surveys t where t.user_id = any(${userIds}::uuid[])),
      (select md5(coalesce(string_agg(t::text, ',' order by t.id), '')) from contacts t where t.user_id = any(${userIds}::uuid[])),
      (select count(*) from users), (select count(*) from user_identities), (select count(*) from campaigns),
      (select count(*) from do_not_call), (select count(*) from oauth_tokens)) as fingerprint`;
  return row!.fingerprint;
}
