import { DiscordAPIError, HTTPError } from "discord.js";
import type { SendResult } from "../../platform.ts";

/** Discord error codes that mean "this channel will not work until someone acts". */
const PERMANENT_CODES = new Set([
  10003, // Unknown Channel
  50001, // Missing Access
  50013, // Missing Permissions
]);

/** Network error codes that prove the request never reached Discord: safe to retry. */
const NOT_SENT = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ENETUNREACH", "EHOSTUNREACH"]);

/** The system error code of a network failure (on the error or its `cause`), if any. */
export function systemCode(error: unknown): string | undefined {
  for (let e = error, depth = 0; e && depth < 3; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && /^[A-Z0-9_]{2,40}$/.test(code)) return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * Maps a failed Discord request to a `SendResult`: unknown channel, missing access or
 * permissions (and any 403/404) are permanent; rate limits, 5xx and a connection never made
 * are transient; any other network failure (timeout, reset after the request was written) is
 * `uncertain`, since Discord may have created the message.
 */
export function sendFailure(error: unknown): SendResult {
  if (error instanceof DiscordAPIError) {
    const permanent =
      (typeof error.code === "number" && PERMANENT_CODES.has(error.code)) ||
      error.status === 403 ||
      error.status === 404;
    return { ok: false, permanent, reason: `${error.status} ${error.code}: ${error.message}` };
  }
  if (error instanceof HTTPError)
    return {
      ok: false,
      permanent: error.status === 403 || error.status === 404,
      reason: `${error.status}: ${error.message}`,
    };
  const code = systemCode(error);
  if (code && NOT_SENT.has(code))
    return { ok: false, permanent: false, reason: `network: ${code}` };
  const cause =
    error instanceof Error && error.name === "AbortError"
      ? "timeout"
      : (code ?? (error instanceof Error ? error.name : String(error)));
  return { ok: false, permanent: false, uncertain: true, reason: `no answer: ${cause}` };
}
