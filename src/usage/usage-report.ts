import { z } from 'zod';
import type { Sql } from '../db/client.ts';
import type { PriceTable } from './price-table.ts';

export const usageQuerySchema = z
  .object({
    /** inclusive; a date (UTC midnight) or a date-time; default: the start of this month (UTC) */
    from: z.union([z.iso.date(), z.iso.datetime({ offset: true })]).optional(),
    /** exclusive; default: now */
    to: z.union([z.iso.date(), z.iso.datetime({ offset: true })]).optional(),
  })
  .transform((q) => {
    const now = new Date();
    return {
      from: q.from ? new Date(q.from) : new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)),
      to: q.to ? new Date(q.to) : now,
    };
  })
  .refine((r) => r.from < r.to, { message: 'from must be before to', path: ['from'] });

/** Usage figures summed over some calls. */
interface UsageSums {
  calls: number;
  connected_calls: number;
  ring_seconds: number;
  talk_seconds: number;
  carrier_minutes: number;
  agent_minutes: number;
  /** summed over the calls whose tokens are known */
  llm_input_tokens: number;
  llm_output_tokens: number;
  /** connected calls with no token count: priced per call */
  connected_calls_without_tokens: number;
}

const round = (n: number, places = 4) => Math.round(n * 10 ** places) / 10 ** places;

/**
 * Estimated cost of the calls' usage with the price table. LLM: the reported tokens at the per-million
 * prices, plus the per-call price for connected calls whose tokens are unknown.
 */
export function callCost(u: UsageSums, prices: PriceTable) {
  const carrier = u.carrier_minutes * prices.carrier_per_minute;
  const speech = u.agent_minutes * (prices.stt_per_minute + prices.tts_per_minute);
  const llm =
    (u.llm_input_tokens * prices.llm_input_per_million_tokens + u.llm_output_tokens * prices.llm_output_per_million_tokens) / 1_000_000 +
    u.connected_calls_without_tokens * prices.llm_per_connected_call;
  return { carrier: round(carrier), speech: round(speech), llm: round(llm), total: round(carrier + speech + llm) };
}

const present = (u: UsageSums) => ({
  calls: u.calls,
  connected_calls: u.connected_calls,
  ring_seconds: round(u.ring_seconds, 1),
  talk_seconds: round(u.talk_seconds, 1),
  carrier_minutes: u.carrier_minutes,
  agent_minutes: round(u.agent_minutes, 2),
  llm_tokens: { input: u.llm_input_tokens, output: u.llm_output_tokens },
  connected_calls_without_tokens: u.connected_calls_without_tokens,
});

const sums = (sql: Sql) => sql`
  count(*)::int as calls, count(*) filter (where talk_seconds > 0)::int as connected_calls,
  coalesce(sum(ring_seconds), 0)::float8 as ring_seconds, coalesce(sum(talk_seconds), 0)::float8 as talk_seconds,
  coalesce(sum(carrier_minutes), 0)::int as carrier_minutes, coalesce(sum(agent_minutes), 0)::float8 as agent_minutes,
  coalesce(sum(llm_input_tokens), 0)::float8 as llm_input_tokens, coalesce(sum(llm_output_tokens), 0)::float8 as llm_output_tokens,
  count(*) filter (where talk_seconds > 0 and llm_input_tokens is null)::int as connected_calls_without_tokens`;

/** A campaign's usage and estimated cost (its detail shows it). */
export async function campaignUsage(sql: Sql, userId: string, campaignId: string, prices: PriceTable) {
  const [u] = await sql<UsageSums[]>`select ${sums(sql)} from call_usage where user_id = ${userId} and campaign_id = ${campaignId}`;
  return { ...present(u!), currency: prices.currency, cost: callCost(u!, prices) };
}

/** The user's usage between two instants: totals, per month, per campaign, and the number's rental. */
export async function usageReport(sql: Sql, userId: string, prices: PriceTable, range: { from: Date; to: Date }) {
  const { from, to } = range;
  const [total] = await sql<UsageSums[]>`
    select ${sums(sql)} from call_usage where user_id = ${userId} and created_at >= ${from} and created_at < ${to}`;
  const months = await sql<(UsageSums & { month: string })[]>`
    select to_char(date_trunc('month', created_at at time zone 'UTC'), 'YYYY-MM') as month, ${sums(sql)}
    from call_usage where user_id = ${userId} and created_at >= ${from} and created_at < ${to}
    group by 1 order by 1`;
  const campaigns = await sql<(UsageSums & { campaign_id: string })[]>`
    select campaign_id, ${sums(sql)}
    from call_usage where user_id = ${userId} and created_at >= ${from} and created_at < ${to}
    group by campaign_id order by min(created_at)`;
  // a number is rented by the calendar month: every month of the range it was held counts
  const [rental] = await sql<{ months: number }[]>`
    select count(*)::int as months from users u,
      generate_series(
        date_trunc('month', greatest(u.phone_provisioned_at, ${from}::timestamptz) at time zone 'UTC'),
        least(${to}::timestamptz, now()) at time zone 'UTC' - interval '1 microsecond',
        interval '1 month') as m
    where u.id = ${userId} and u.twilio_phone_number is not null and u.phone_provisioned_at < ${to}`;
  const callsCost = callCost(total!, prices);
  const numbers = round(rental!.months * (prices.number_per_month + prices.sip_trunk_per_month));
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    currency: prices.currency,
    prices,
    ...present(total!),
    number_rental: { months: rental!.months, cost: numbers },
    cost: { ...callsCost, numbers, total: round(callsCost.total + numbers) },
    by_month: months.map((m) => ({ month: m.month, ...present(m), cost: callCost(m, prices) })),
    by_campaign: campaigns.map((c) => ({ campaign_id: c.campaign_id, ...present(c), cost: callCost(c, prices) })),
  };
}
