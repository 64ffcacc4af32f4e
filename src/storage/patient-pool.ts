import pRetry from "p-retry";
import pg from "pg";

/**
 * What node-postgres says when every connection of the pool stayed busy for
 * `connectionTimeoutMillis`: the request waited in the pool's queue and no statement was sent.
 * (A server that does not answer fails differently: it is not waited for again here.)
 */
const POOL_BUSY = "timeout exceeded when trying to connect";

/** How many more times a request waits for a free connection (each wait is the pool's timeout). */
export const BUSY_WAITS = 11;

export const isPoolBusy = (error: unknown): boolean =>
  error instanceof Error && error.message === POOL_BUSY;

type ConnectCallback = Parameters<pg.Pool["connect"]>[0] extends infer C
  ? Exclude<C, undefined>
  : never;

/**
 * A pool that keeps waiting when all its connections are busy (a digest leader's fan-out under
 * load) instead of failing the request after one `connectionTimeoutMillis`: up to `BUSY_WAITS`
 * more waits (a minute with the 5 s timeout). Only that error is waited out — nothing was sent,
 * so waiting again cannot run a statement twice; every other error (a server down, a refused
 * login, a query error) is the caller's at once. `pool.query` goes through `connect`, so plain
 * queries wait too.
 */
export class PatientPool extends pg.Pool {
  /** `onBusy` hears each wait that ended with every connection still busy (1, 2, …). */
  constructor(
    config?: pg.PoolConfig,
    private readonly onBusy?: (waits: number) => void,
  ) {
    super(config);
  }

  override connect(): Promise<pg.PoolClient>;
  override connect(callback: ConnectCallback): void;
  override connect(callback?: ConnectCallback): Promise<pg.PoolClient> | undefined {
    const patient = pRetry(() => super.connect(), {
      retries: BUSY_WAITS,
      minTimeout: 0,
      maxTimeout: 0,
      shouldRetry: ({ error }) => isPoolBusy(error) && !this.ending,
      onFailedAttempt: ({ error, attemptNumber }) => {
        if (isPoolBusy(error)) this.onBusy?.(attemptNumber);
      },
    });
    if (!callback) return patient;
    patient.then(
      (client) =>
        callback(undefined, client, (release?: unknown) =>
          client.release(release as Error | boolean | undefined),
        ),
      (error: Error) => callback(error, undefined, () => {}),
    );
    return undefined;
  }
}
