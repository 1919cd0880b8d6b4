import { z } from 'zod';

/**
 * What usage costs, in one currency. The defaults are the product brief's cost model
 * (../shared/PRODUCT-COSTS.md); prices change, so PRICE_TABLE overrides any of them and the table
 * carries where its figures came from and when.
 */
export const priceTableSchema = z.object({
  currency: z.string().regex(/^[A-Z]{3}$/).default('USD'),
  /** Twilio outbound call, per billed minute (the carrier bills started minutes) */
  carrier_per_minute: z.number().min(0).max(100).default(0.013),
  /** Deepgram speech-to-text, per minute the agent listens */
  stt_per_minute: z.number().min(0).max(100).default(0.0043),
  /** text-to-speech through LiveKit: $0 in the brief */
  tts_per_minute: z.number().min(0).max(100).default(0),
  /**
   * OpenAI GPT-4o-mini, "about $0.10 per survey": charged per connected call whose tokens are unknown
   * (calls from before token counting, simulated calls no LLM saw)
   */
  llm_per_connected_call: z.number().min(0).max(100).default(0.1),
  /** GPT-4o-mini input tokens, per million: OpenAI's API pricing page, 2024-07-18 (the model's launch price) */
  llm_input_per_million_tokens: z.number().min(0).max(1000).default(0.15),
  /** GPT-4o-mini output tokens, per million: same source and date */
  llm_output_per_million_tokens: z.number().min(0).max(1000).default(0.6),
  /** Twilio phone number, per calendar month it is held */
  number_per_month: z.number().min(0).max(1000).default(1.15),
  /** LiveKit SIP trunk: free in the brief */
  sip_trunk_per_month: z.number().min(0).max(1000).default(0),
  source: z.string().default('product brief cost model (PRODUCT-COSTS.md)'),
  /** when the figures were taken from their source */
  as_of: z.iso.date().default('2026-11-25'),
});
export type PriceTable = z.infer<typeof priceTableSchema>;

/**
 * What one call minute is estimated to cost while the campaign runs: carrier and speech. This is the
 * rate behind `estimated_spend` and the `max_spend` cap (the call workflow multiplies it by minutes).
 */
export const perMinuteRate = (prices: PriceTable): number => prices.carrier_per_minute + prices.stt_per_minute + prices.tts_per_minute;
