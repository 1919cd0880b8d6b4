// Samples of Prometheus's text exposition format, enough for the bench's scrapes (the API's
// histogram, the Temporal server's store operations): comments skipped, labels unescaped only as far
// as these endpoints need (no quotes or commas inside label values).

export interface PrometheusSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export function* prometheusSamples(text: string): Generator<PrometheusSample> {
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const brace = line.indexOf('{');
    const space = line.lastIndexOf(' ');
    if (space < 0) continue;
    const head = line.slice(0, space);
    const name = brace >= 0 && brace < space ? line.slice(0, brace) : head;
    const labels = brace >= 0 && brace < space ? Object.fromEntries([...head.slice(brace).matchAll(/(\w+)="([^"]*)"/g)].map(([, k, v]) => [k!, v!])) : {};
    yield { name, labels, value: Number(line.slice(space + 1)) };
  }
}
