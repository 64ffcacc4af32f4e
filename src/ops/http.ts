import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "../log.ts";

export type Handler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

/** Where the server listens unless `HTTP_HOST` says otherwise: this machine only. */
export const DEFAULT_HOST = "127.0.0.1";

/**
 * A request refused for what it is (too big, not JSON…): answered with `status` and a short
 * fixed text, logged as one warning line. Anything else a handler throws is a 500, logged as
 * an error.
 */
export class HttpRequestError extends Error {
  override readonly name = "HttpRequestError";
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Reads a request body of at most `maxBytes`: a larger announced length is refused before
 * reading anything, and a body that grows past the cap is refused as soon as it does (the
 * rest is never buffered). Throws `HttpRequestError` 413.
 *
 * @example const body = await readBody(req, 1_048_576);
 */
export async function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const announced = Number(req.headers["content-length"] ?? Number.NaN);
  if (announced > maxBytes) throw tooLarge(req, maxBytes);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) throw tooLarge(req, maxBytes);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function tooLarge(req: IncomingMessage, maxBytes: number): HttpRequestError {
  // Stop reading: the rest of the body is dropped, and the connection closed after the answer.
  req.pause();
  return new HttpRequestError(413, `request body over ${maxBytes} bytes`);
}

/**
 * The one HTTP server of the process (health, metrics, Telegram webhook), started only when
 * `HTTP_PORT` is set, on `127.0.0.1` unless told otherwise. Routes are exact paths; anything
 * else is 404. A handler's failure is answered (413/400… or 500) and logged, never swallowed.
 */
export class HttpServer {
  readonly #routes = new Map<string, Handler>();
  readonly #server: Server;

  constructor(private readonly log?: Logger) {
    this.#server = createServer((req, res) => {
      const path = (req.url ?? "/").split("?")[0] ?? "/";
      const handler = this.#routes.get(`${req.method} ${path}`) ?? this.#routes.get(`* ${path}`);
      if (!handler) {
        res.writeHead(404, { "content-type": "text/plain" }).end("not found\n");
        return;
      }
      const route = `${req.method} ${path}`;
      // new Promise: a handler that throws synchronously is caught like one that rejects.
      new Promise<void>((resolve) => resolve(handler(req, res))).catch((error: unknown) =>
        this.#fail(route, res, error),
      );
    });
  }

  #fail(route: string, res: ServerResponse, error: unknown): void {
    const refused = error instanceof HttpRequestError;
    if (refused)
      this.log?.warn(
        { route, status: error.status, problem: error.message },
        "http request refused",
      );
    else this.log?.error({ route, err: error }, "http handler failed");
    if (res.headersSent) return void res.end();
    const status = refused ? error.status : 500;
    res
      .writeHead(status, {
        "content-type": "text/plain",
        // A refused body may still be arriving: do not keep the connection for it.
        ...(refused ? { connection: "close" } : {}),
      })
      .end(refused ? `${error.message}\n` : "internal error\n");
  }

  /** Adds a route; method "*" matches any method. */
  route(method: string, path: string, handler: Handler): this {
    this.#routes.set(`${method} ${path}`, handler);
    return this;
  }

  /** Listens on `host` (`127.0.0.1` by default: set `HTTP_HOST=0.0.0.0` in a container). */
  listen(port: number, host = DEFAULT_HOST): Promise<number> {
    return new Promise((resolve, reject) => {
      this.#server.once("error", reject);
      this.#server.listen(port, host, () => resolve((this.#server.address() as AddressInfo).port));
    });
  }

  /** The address listened on (`127.0.0.1`, `::`…), once listening. */
  address(): string | undefined {
    const a = this.#server.address();
    return a && typeof a === "object" ? a.address : undefined;
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.#server.close(() => resolve());
      this.#server.closeAllConnections();
    });
  }
}
