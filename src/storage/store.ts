import type { PlatformName } from "../platform.ts";
import type { LockWait } from "./database.ts";
import type { FileIdRepository } from "./file-ids.ts";
import type { LedgerRepository } from "./ledger.ts";
import type { Subscription, SubscriptionRepository } from "./subscriptions.ts";

/** The database engines the bot can run on. */
export type Engine = "sqlite" | "postgres";

/** Every public method of `T`, returning a promise of what it returned. */
export type Async<T> = {
  readonly [K in keyof T]: T[K] extends (...args: infer A) => infer R
    ? (...args: A) => Promise<Awaited<R>>
    : never;
};

/**
 * The subscriptions' operations. The SQLite repository (synchronous, in-process) defines
 * them; every engine implements them asynchronously, so callers never wait on the event loop.
 */
export type SubscriptionStore = Async<SubscriptionRepository>;

/** The ledger's operations, as `SubscriptionStore` (defined by the SQLite repository). */
export type LedgerStore = Async<LedgerRepository>;

/** The ids platforms gave our uploaded pictures (a `FileIdCache` kept in the database). */
export type FileIdStore = Async<FileIdRepository>;

/** What a successful claim hands to the sender: the subscription as it stood, and its rotation. */
export interface Claimed {
  readonly subscription: Subscription;
  readonly rotation: number;
}

export interface ClaimOptions {
  /**
   * While the database is locked by someone else, the claim is retried until this says to
   * give up (the slot's catch-up window has passed); then it throws `DatabaseBusyError`.
   */
  readonly giveUp?: () => boolean;
  readonly signal?: AbortSignal;
}

/** What /readyz and `--check` say about the database. */
export interface StoreCheck {
  readonly ok: boolean;
  /** Short and safe to show: the engine and its state, never a path or a raw error. */
  readonly detail: string;
}

/**
 * The digest's storage, whatever the engine: its repositories, and the operations that must
 * touch both atomically (claiming a slot, moving a migrated chat).
 *
 * @example
 * const store = await openStore(config);
 * const claimed = await store.claim("telegram", "-100123", slotAt, schedule, instanceId, new Date());
 */
export interface DigestStore {
  readonly engine: Engine;
  readonly subscriptions: SubscriptionStore;
  readonly ledger: LedgerStore;
  /** Platform file ids of uploaded pictures: a restarted bot sends them by id, never re-uploads. */
  readonly fileIds: FileIdStore;
  /**
   * Claims (target, slot) for `claimedBy` and takes the target's rotation, atomically: one
   * `INSERT … ON CONFLICT DO NOTHING` that only one caller, in any process, can win.
   * Undefined when the slot is already claimed, or the subscription is gone, paused, or on
   * another schedule now.
   */
  claim(
    platform: PlatformName,
    target: string,
    slotAt: string,
    schedule: { cron: string; timezone: string },
    claimedBy: string,
    now: Date,
    options?: ClaimOptions,
  ): Promise<Claimed | undefined>;
  /** Moves a subscription and its ledger to a new target id (group → supergroup). */
  move(platform: PlatformName, from: string, to: string, now: Date): Promise<boolean>;
  /** A read-only probe (never takes a write lock): the database answers. */
  check(): Promise<StoreCheck>;
  close(): Promise<void>;
}

/**
 * Wraps a synchronous SQLite repository: each call runs at once and, if the database is
 * locked by another connection, is retried asynchronously (see `LockWait`).
 */
export function asyncView<T extends object>(repo: T, lock: LockWait): Async<T> {
  const view: Record<string, unknown> = {};
  const proto: object = Object.getPrototypeOf(repo);
  for (const key of Object.getOwnPropertyNames(proto)) {
    if (key === "constructor") continue;
    const method: unknown = Reflect.get(repo, key);
    if (typeof method !== "function") continue;
    view[key] = (...args: unknown[]) => lock.run(() => Reflect.apply(method, repo, args));
  }
  return view as Async<T>;
}
