import { renderMetrics } from './metrics.ts';

/** What one `/metrics` answer is made of, per role. */
export interface MetricsSources {
  /** runs before rendering (the campaigns-by-state gauge reads the database) */
  refresh?: () => Promise<void>;
  /**
   * The Temporal SDK runtime's own Prometheus endpoint (`http://127.0.0.1:9464/metrics`) in a process
   * that runs workers. Its text is appended, so each role is one scrape target; its names all start
   * with `temporal_` and never clash with `survey_dialer_`.
   */
  temporalSdkUrl?: string | null;
}

/** Bounded: a stuck SDK exporter must not hold the scrape past Prometheus' own timeout (10 s default). */
const SDK_TIMEOUT_MS = 2_000;

export async function scrapeMetrics(sources: MetricsSources): Promise<{ contentType: string; body: string }> {
  await sources.refresh?.();
  const own = await renderMetrics();
  if (!sources.temporalSdkUrl) return own;
  let sdk: string;
  try {
    const response = await fetch(sources.temporalSdkUrl, { signal: AbortSignal.timeout(SDK_TIMEOUT_MS) });
    sdk = response.ok ? await response.text() : `# temporal sdk metrics unavailable: HTTP ${response.status}\n`;
  } catch (error) {
    sdk = `# temporal sdk metrics unavailable: ${(error as Error).name}\n`;
  }
  return { contentType: own.contentType, body: `${own.body.trimEnd()}\n${sdk}` };
}
