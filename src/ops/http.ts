import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type Handler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

/**
 * The one HTTP server of the process (health, metrics, Telegram webhook), started only when
 * `HTTP_PORT` is set. Routes are exact paths; anything else is 404.
 */
export class HttpServer {
  readonly #routes = new Map<string, Handler>();
  readonly #server: Server;

  constructor() {
    this.#server = createServer((req, res) => {
      const path = (req.url ?? "/").split("?")[0] ?? "/";
      const handler = this.#routes.get(`${req.method} ${path}`) ?? this.#routes.get(`* ${path}`);
      if (!handler) {
        res.writeHead(404, { "content-type": "text/plain" }).end("not found\n");
        return;
      }
      Promise.resolve(handler(req, res)).catch(() => {
        if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
        res.end("internal error\n");
      });
    });
  }

  /** Adds a route; method "*" matches any method. */
  route(method: string, path: string, handler: Handler): this {
    this.#routes.set(`${method} ${path}`, handler);
    return this;
  }

  listen(port: number, host = "0.0.0.0"): Promise<number> {
    return new Promise((resolve, reject) => {
      this.#server.once("error", reject);
      this.#server.listen(port, host, () => resolve((this.#server.address() as AddressInfo).port));
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.#server.close(() => resolve());
      this.#server.closeAllConnections();
    });
  }
}
