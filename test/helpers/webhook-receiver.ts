import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedWebhook {
  body: string;
  headers: http.IncomingHttpHeaders;
}

/** A customer's webhook receiver on loopback: records every request raw, answers `status`. */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  status = 200;
  private server: http.Server | null = null;
  port = 0;

  /** Listens on `port` (0: any free one); a receiver "comes back" by listening on its old port. */
  listen(port = this.port): Promise<void> {
    this.server = http.createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (c: Buffer) => chunks.push(c));
      request.on('end', () => {
        this.received.push({ body: Buffer.concat(chunks).toString('utf8'), headers: request.headers });
        response.writeHead(this.status).end();
      });
    });
    return new Promise((resolve) =>
      this.server!.listen(port, '127.0.0.1', () => {
        this.port = (this.server!.address() as AddressInfo).port;
        resolve();
      }),
    );
  }

  close(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return Promise.resolve();
    server.closeAllConnections();
    return new Promise((resolve) => server.close(() => resolve()));
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/hooks`;
  }

  eventIds(): Set<string> {
    return new Set(this.received.map((r) => JSON.parse(r.body).id as string));
  }
}
