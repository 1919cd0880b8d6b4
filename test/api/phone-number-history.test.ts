import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiHarness, read, type ApiHarness } from '../helpers/api-harness.ts';
import { uniqueEmail } from '../helpers/harness.ts';
import { phoneNumberHistorySchema } from '../../src/campaigns/phone-number-history.ts';

describe('GET /campaigns/phone-numbers: the history of a user\'s calling numbers', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await createApiHarness({ callDelayMs: 5 });
    await api.engine.startWorker();
  });
  afterAll(() => api?.close());

  it('lists the active number and the released ones, newest first, and only the caller\'s', async () => {
    const { token: alice } = await api.signIn(uniqueEmail('numbers-alice'));
    const { token: bob } = await api.signIn(uniqueEmail('numbers-bob'));
    expect(await read(await api.call('GET', '/campaigns/phone-numbers', { token: alice }))).toEqual({ items: [] });

    const provisioned = (await read(await api.call('POST', '/campaigns/provision-number', { token: alice }))).phone_number as string;
    const active = phoneNumberHistorySchema.parse(await read(await api.call('GET', '/campaigns/phone-numbers', { token: alice })));
    expect(active.items.map((n) => [n.phone_number, n.status, n.released_at])).toEqual([[provisioned, 'active', null]]);

    expect((await api.call('POST', '/campaigns/release-number', { token: alice })).status).toBe(200);
    const response = await api.call('GET', '/campaigns/phone-numbers', { token: alice });
    expect(response.status).toBe(200);
    const released = phoneNumberHistorySchema.parse(await read(response));
    expect(released.items.map((n) => [n.phone_number, n.status])).toEqual([[provisioned, 'released']]);
    expect(Date.parse(released.items[0]!.released_at!)).toBeGreaterThanOrEqual(Date.parse(released.items[0]!.provisioned_at));

    // provisioning again after a release is a new purchase: the history holds both, the new one active
    expect((await api.call('POST', '/campaigns/provision-number', { token: alice })).status).toBe(200);
    const again = phoneNumberHistorySchema.parse(await read(await api.call('GET', '/campaigns/phone-numbers', { token: alice })));
    expect(again.items.map((n) => n.status)).toEqual(['active', 'released']);

    // another user sees none of them
    expect(await read(await api.call('GET', '/campaigns/phone-numbers', { token: bob }))).toEqual({ items: [] });
    expect((await api.call('GET', '/campaigns/phone-numbers')).status).toBe(401);
  });
});
