import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** How the fake OTLP endpoint answers. */
export type ReceiverMode = 'ok' | 'error500' | 'silent';

/**
 * Test support: a tiny OTLP/HTTP receiver on 127.0.0.1 (port 0) collecting request bodies.
 * `silent` accepts the request and never answers.
 */
export class OtlpReceiver {
  readonly bodies: { contentType: string | undefined; body: Buffer; headers: IncomingMessage['headers'] }[] = [];
  private readonly server: Server;
  private readonly hanging: ServerResponse[] = [];

  private constructor(readonly mode: ReceiverMode) {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        this.bodies.push({ contentType: req.headers['content-type'], body: Buffer.concat(chunks), headers: req.headers });
        if (this.mode === 'silent') {
          this.hanging.push(res);
          return;
        }
        res.statusCode = this.mode === 'ok' ? 200 : 500;
        res.setHeader('content-type', 'application/x-protobuf');
        res.end();
      });
    });
  }

  static async start(mode: ReceiverMode): Promise<OtlpReceiver> {
    const receiver = new OtlpReceiver(mode);
    await new Promise<void>((resolve) => receiver.server.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1/traces`;
  }

  async close(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** A URL on 127.0.0.1 where nothing listens. */
export async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/v1/traces`;
}
