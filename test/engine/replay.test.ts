import { readdirSync, readFileSync } from 'node:fs';
import { Worker } from '@temporalio/worker';
import { beforeAll, describe, expect, it } from 'vitest';
import { AesGcmPayloadCodec, devPayloadKey } from '../../src/temporal/payload-codec.ts';
import { replayOptions, tracingModes } from '../helpers/replay-options.ts';

const fixtures = new URL('../fixtures/histories/', import.meta.url);

/** Every recorded history, by workflow version folder (v1: campaigns launched before campaign control). */
const recorded = readdirSync(fixtures, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .flatMap((d) => readdirSync(new URL(`${d.name}/`, fixtures)).map((file) => `${d.name}/${file}`));

/** Histories do not hold their workflow id; the workflows derive child ids from it, so rebuild it from the input. */
async function workflowIdOf(history: { events: { workflowExecutionStartedEventAttributes?: { workflowType?: { name?: string }; input?: { payloads?: { metadata?: Record<string, string>; data?: string }[] } } }[] }): Promise<string> {
  const started = history.events[0]!.workflowExecutionStartedEventAttributes!;
  const first = started.input!.payloads![0]!;
  // fixtures recorded since the payload codec hold encrypted inputs (the dev key); older ones are plain
  const [payload] = await new AesGcmPayloadCodec([devPayloadKey]).decode([
    {
      metadata: Object.fromEntries(Object.entries(first.metadata ?? {}).map(([k, v]) => [k, new Uint8Array(Buffer.from(v, 'base64'))])),
      data: new Uint8Array(Buffer.from(first.data ?? '', 'base64')),
    },
  ]);
  const input = JSON.parse(Buffer.from(payload!.data!).toString('utf8'));
  if (started.workflowType?.name === 'campaignWorkflow') return `campaign-${input.campaignId}`;
  if (started.workflowType?.name === 'contactCallWorkflow') return `campaign-${input.campaignId}-contact-${input.contactId}`;
  return `provision-number-${input.userId}`;
}

describe('recorded histories replay on the current workflow code', () => {
  // one replay worker per mode for every history (a worker per history cost about 130 ms each), each
  // history's result kept for its own test below
  const replayErrors = new Map<string, unknown>();
  const key = (file: string, mode: string) => `${mode}: ${file}`;
  beforeAll(async () => {
    // the CLI's JSON (`temporal workflow show -o json`), which the replayer reads as it is; with the
    // service's codec: histories recorded before it (plain payloads) pass through decode untouched
    const histories = await Promise.all(recorded.map(async (file) => {
      const history = JSON.parse(readFileSync(new URL(file, fixtures), 'utf8'));
      return { file, history, workflowId: await workflowIdOf(history) };
    }));
    for (const mode of tracingModes) {
      // the replayer takes the histories one at a time, in order, and answers each before the next
      let next = 0;
      for await (const result of Worker.runReplayHistories(replayOptions(mode), histories)) {
        replayErrors.set(key(histories[next++]!.file, mode), result.error);
      }
    }
  });

  it('has fixtures of every workflow type to guard', () => {
    const types = new Set(recorded.map((f) => f.split('/')[1]!.split('-')[0]));
    expect(types).toEqual(new Set(['campaign', 'contact', 'provision']));
  });

  // with tracing on, the bundle holds the trace-relaying workflow interceptors: a campaign started before
  // tracing was turned on must replay on a traced worker (test/observability/tracing.test.ts: the reverse)
  it.each(recorded.flatMap((file) => tracingModes.map((mode) => [file, mode] as const)))('%s replays without non-determinism, %s', (file, mode) => {
    expect(replayErrors.has(key(file, mode))).toBe(true);
    expect(replayErrors.get(key(file, mode))).toBeUndefined();
  });
});
