import { context, propagation, SpanKind, SpanStatusCode, trace, type Tracer } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { Resource } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { ATTR_HTTP_REQUEST_METHOD, ATTR_HTTP_RESPONSE_STATUS_CODE, ATTR_HTTP_ROUTE, ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import {
  OpenTelemetryActivityInboundInterceptor,
  OpenTelemetryActivityOutboundInterceptor,
  OpenTelemetryWorkflowClientInterceptor,
} from '@temporalio/interceptors-opentelemetry';
import type { MiddlewareHandler } from 'hono';
import { matchedRoute } from './http-metrics.ts';
import type { Tracing } from './tracing.ts';

/**
 * The OpenTelemetry SDK behind `Tracing`; imported only by `startTracing`, so a process without an
 * endpoint never loads it. One batch processor exports the process's spans: HTTP requests, client calls
 * (start, signal, query, update) and activity executions.
 */
export function createTracing(options: { tracesUrl: string; serviceName: string }): Tracing {
  const resource = new Resource({ [ATTR_SERVICE_NAME]: options.serviceName });
  // JSON over HTTP: every OTLP/HTTP receiver takes it; OTEL_EXPORTER_OTLP_HEADERS and _TIMEOUT are read by the exporter
  const processor = new BatchSpanProcessor(new OTLPTraceExporter({ url: options.tracesUrl }));
  const provider = new NodeTracerProvider({ resource, spanProcessors: [processor] });
  // global: the interceptors inject and extract through the global propagator (W3C trace context), and
  // an AsyncLocalStorage context manager makes a handler's Temporal calls children of its request span
  provider.register();
  const tracer = provider.getTracer('survey-dialer');

  return {
    serviceName: options.serviceName,
    clientInterceptors: [new OpenTelemetryWorkflowClientInterceptor({ tracer })],
    activityInterceptors: [
      (ctx) => ({
        inbound: new OpenTelemetryActivityInboundInterceptor(ctx, { tracer }),
        outbound: new OpenTelemetryActivityOutboundInterceptor(ctx),
      }),
    ],
    httpMiddleware: httpServerSpans(tracer),
    flush: () => provider.forceFlush(),
    async shutdown() {
      await provider.shutdown();
      trace.disable();
      context.disable();
      propagation.disable();
    },
  };
}

/**
 * A SERVER span around each request, continuing the caller's `traceparent` when it sends one. Named by
 * the route pattern (`POST /campaigns/launch`), never the raw path: paths carry ids and phone numbers.
 */
function httpServerSpans(tracer: Tracer): MiddlewareHandler {
  return async (c, next) => {
    const parent = propagation.extract(context.active(), Object.fromEntries(c.req.raw.headers));
    const method = c.req.method;
    await tracer.startActiveSpan(method, { kind: SpanKind.SERVER, attributes: { [ATTR_HTTP_REQUEST_METHOD]: method } }, parent, async (span) => {
      try {
        await next();
      } finally {
        const route = matchedRoute(c);
        const status = c.res.status;
        span.updateName(`${method} ${route}`);
        span.setAttributes({ [ATTR_HTTP_ROUTE]: route, [ATTR_HTTP_RESPONSE_STATUS_CODE]: status });
        if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
        span.end();
      }
    });
  };
}
