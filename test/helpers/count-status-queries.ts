import type { Client } from '@temporalio/client';
import { campaignStatusQuery } from '../../workflows/messages.ts';

/** Notes the time of every campaignStatus query this client sends to Temporal (the array grows as they go). */
export function countStatusQueries(client: Client): number[] {
  const times: number[] = [];
  const workflow = client.workflow;
  const getHandle = workflow.getHandle.bind(workflow);
  workflow.getHandle = ((...args: Parameters<typeof getHandle>) => {
    const handle = getHandle(...args);
    const query = handle.query.bind(handle);
    handle.query = ((def: { name: string } | string, ...rest: unknown[]) => {
      if ((typeof def === 'string' ? def : def.name) === campaignStatusQuery.name) times.push(Date.now());
      return (query as (...a: unknown[]) => Promise<unknown>)(def, ...rest);
    }) as typeof handle.query;
    return handle;
  }) as typeof workflow.getHandle;
  return times;
}
