import type pg from "pg";
import type { Logger } from "../log.ts";

/**
 * Which replica runs the digest schedules. Exactly one leads; the others serve commands and
 * stand by. If two briefly both think they lead, the ledger still posts each slot once.
 */
export interface Leadership {
  readonly leading: boolean;
  /** Starts campaigning; `onChange` is called at each change (true: this replica leads). */
  start(onChange: (leading: boolean) => void): void;
  /** Gives the lead up (closing its connection releases the lock at once). */
  stop(): Promise<void>;
}

/** SQLite: one process on one file, always the leader. */
export class SoleLeader implements Leadership {
  leading = false;
  start(onChange: (leading: boolean) => void): void {
    this.leading = true;
    onChange(true);
  }
  async stop(): Promise<void> {
    this.leading = false;
  }
}

/**
 * The advisory lock key of the digest leader ("Summ" in ASCII); the lock is the pair (this,
 * hash of the schema), so each schema of a database elects its own leader.
 */
export const LEADER_LOCK_KEY = 0x53_75_6d_6d;

export interface PostgresLeaderOptions {
  readonly url: string;
  readonly log: Logger;
  /** How often a standby tries the lock; takeover happens within this (plus catch-up). */
  readonly retryMs?: number;
  /** How often the leader checks its connection (a lost one means the lock is gone). */
  readonly heartbeatMs?: number;
  /** Tests run several elections on one server. */
  readonly key?: number;
}

/**
 * The digest leader on PostgreSQL: `pg_try_advisory_lock` held on a connection of its own
 * (not the pool's). The server releases the lock when that connection ends, however the
 * process died, so a standby's next try (every `retryMs`, 3 s by default) takes over.
 */
export class PostgresLeader implements Leadership {
  leading = false;
  private client: pg.Client | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private onChange: (leading: boolean) => void = () => {};
  private readonly retryMs: number;
  private readonly heartbeatMs: number;
  private readonly key: number;

  constructor(private readonly options: PostgresLeaderOptions) {
    this.retryMs = options.retryMs ?? 3_000;
    this.heartbeatMs = options.heartbeatMs ?? 2_000;
    this.key = options.key ?? LEADER_LOCK_KEY;
  }

  start(onChange: (leading: boolean) => void): void {
    this.onChange = onChange;
    void this.attempt();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    const client = this.client;
    this.client = undefined;
    // Ending the session releases the advisory lock.
    await client?.end().catch(() => {});
    this.set(false);
  }

  private set(leading: boolean): void {
    if (leading === this.leading) return;
    this.leading = leading;
    this.options.log.info(
      { leader: leading },
      leading ? "digest leader: this replica leads" : "digest leader: standing by",
    );
    this.onChange(leading);
  }

  private lost(err: unknown): void {
    const client = this.client;
    this.client = undefined;
    void client?.end().catch(() => {});
    if (this.leading) this.options.log.warn({ err }, "digest leader: lost the lock's connection");
    this.set(false);
  }

  private async attempt(): Promise<void> {
    if (this.stopped) return;
    try {
      if (!this.client) {
        // Loaded here: a SQLite deployment never loads pg.
        const { default: postgres } = await import("pg");
        const client = new postgres.Client({
          connectionString: this.options.url,
          connectionTimeoutMillis: 5_000,
          keepAlive: true,
        });
        client.on("error", (err) => this.lost(err));
        this.client = client;
        await client.connect();
      }
      const client = this.client;
      if (this.leading) {
        // Still there? A dead connection has already lost the lock.
        await client.query("SELECT 1");
      } else {
        // Keyed by the schema too: bots in different schemas of one database (or tests running
        // side by side) are different deployments, each with its own leader.
        const { rows } = await client.query<{ ok: boolean }>(
          "SELECT pg_try_advisory_lock($1, hashtext(current_schema())) AS ok",
          [this.key],
        );
        if (rows[0]?.ok && !this.stopped) this.set(true);
      }
    } catch (err) {
      this.lost(err);
    }
    if (this.stopped) return;
    this.timer = setTimeout(
      () => void this.attempt(),
      this.leading ? this.heartbeatMs : this.retryMs,
    );
    this.timer.unref();
  }
}
