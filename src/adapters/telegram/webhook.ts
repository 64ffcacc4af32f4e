import type { IncomingMessage, ServerResponse } from "node:http";
import { type Bot, type Context, webhookCallback } from "grammy";
import type { Update } from "grammy/types";
import type { Logger } from "../../log.ts";
import { HttpRequestError, readBody } from "../../ops/http.ts";

/** Telegram updates are a few kilobytes; 1 MB is generous and bounds what one request costs. */
export const MAX_UPDATE_BYTES = 1_048_576;

const SECRET_HEADER = "x-telegram-bot-api-secret-token";

/**
 * grammY's node `http` adapter with a bounded body: grammY checks the secret token first (in
 * constant time) and only then reads `update`, which refuses a body over `MAX_UPDATE_BYTES`
 * (413) or one that is not JSON (400).
 */
function boundedHttp(req: IncomingMessage, res: ServerResponse) {
  const header = req.headers[SECRET_HEADER];
  return {
    get update(): Promise<Update> {
      return readBody(req, MAX_UPDATE_BYTES).then((body) => {
        try {
          return JSON.parse(body.toString("utf8")) as Update;
        } catch {
          throw new HttpRequestError(400, "request body is not JSON");
        }
      });
    },
    header: Array.isArray(header) ? header[0] : header,
    end: () => void res.end(),
    respond: (json: string) =>
      void res.writeHead(200, { "content-type": "application/json" }).end(json),
    // Do not wait for (or read) a body whose sender does not know the secret.
    unauthorized: () => void res.writeHead(401, { connection: "close" }).end("unauthorized\n"),
  };
}

/**
 * The webhook route's handler: secret first, then a bounded JSON body, then the bot. A
 * refused request (413, 400) is answered and logged as one line (no secret, no body).
 *
 * @example http.route("POST", "/telegram/hook", webhookHandler(bot, secret, log));
 */
export function webhookHandler<C extends Context>(
  bot: Bot<C>,
  secretToken: string | undefined,
  log: Logger,
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const handle = webhookCallback(bot, boundedHttp, { secretToken, onTimeout: "return" });
  return async (req, res) => {
    try {
      await handle(req, res);
    } catch (error) {
      if (!(error instanceof HttpRequestError)) throw error;
      log.warn(
        { platform: "telegram", status: error.status, problem: error.message },
        "telegram webhook request refused",
      );
      if (!res.headersSent) res.writeHead(error.status, { connection: "close" });
      res.end(`${error.message}\n`);
    }
  };
}
