import type { Config } from "../config.ts";
import type { DigestService } from "../digest/service.ts";
import type { SenderPictures } from "../images/pictures.ts";
import type { HttpServer } from "../ops/http.ts";
import type { Metrics } from "../ops/metrics.ts";
import type { PlatformService, ReplySender } from "../platform.ts";
import type { App } from "../startup.ts";

/** What a running platform gets from the process. */
export interface PlatformDeps {
  readonly metrics: Metrics;
  /** The process's HTTP server, when `HTTP_PORT` is set (webhooks). */
  readonly http?: HttpServer;
  /** Scheduled digests: `/digest` works, and membership events pause or resume targets. */
  readonly digests?: DigestService;
}

/**
 * One chat platform, as the process sees it before loading it: its name, whether the
 * configuration enables it, the channels the operator subscribes on it, and two ways to load
 * its adapter (which alone imports the platform's library): the running service, or its
 * sender alone (`npm run digest -- --now`).
 */
export interface PlatformEntry {
  /** The name in subscriptions, metrics and logs ([a-z]+). */
  readonly name: string;
  /** The variable that enables it (its token), for messages. */
  readonly requires: string;
  configured(config: Config): boolean;
  /** `DIGEST_<PLATFORM>_…`: the targets the operator subscribes by configuration. */
  operatorTargets(config: Config): readonly string[];
  /** Connects nothing yet: `start()` does. Its `sender` posts digests. */
  service(
    app: App,
    deps: PlatformDeps,
  ): Promise<PlatformService & { readonly sender: ReplySender }>;
  /** The platform's one sender, built from the configuration (and the pictures it attaches). */
  sender(config: Config, metrics?: Metrics, images?: SenderPictures): Promise<ReplySender>;
}
