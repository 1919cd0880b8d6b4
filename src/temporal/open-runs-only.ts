import { WorkflowClient, type Client } from '@temporalio/client';

/**
 * The client's workflows (same connection, namespace, payload codec and interceptors) with a query to
 * a run that is no longer open refused by the server (`QueryRejectedError`) instead of sent to a
 * worker: a worker answers a closed run's query by replaying the run's whole history (up to the
 * continue-as-new point's 2,500 events, seconds of a busy worker's time). The server checks this
 * when the query arrives; one it holds behind the run's last workflow task is sent on to the run
 * after that task closes it, unchecked (Temporal 1.29's history service), so this narrows the
 * replays a status read can cause, it does not end them.
 */
export function openRunsOnly(client: Client): WorkflowClient {
  return new WorkflowClient({
    connection: client.connection,
    namespace: client.options.namespace,
    identity: client.options.identity,
    // taken as it is once loaded: the very codec (payload keys) the client uses
    dataConverter: client.options.loadedDataConverter,
    interceptors: client.workflow.options.interceptors,
    queryRejectCondition: 'NOT_OPEN',
  });
}
