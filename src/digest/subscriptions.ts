import { digest } from "../core/answers.ts";
import { echo } from "../core/format.ts";
import { isLocale, type Locale } from "../core/locale.ts";
import type { Block, Reply } from "../core/reply.ts";
import type { Story } from "../core/story.ts";
import type { PlatformName } from "../platform.ts";
import type { DigestStore } from "../storage/store.ts";
import {
  imageSetting,
  parseDigestText,
  parseSubscribeWords,
  type SubscribeOptions,
} from "./arguments.ts";
import type { Clock } from "./clock.ts";
import { digestMessages } from "./messages.ts";
import { checkCron, checkTimezone, parseTime } from "./schedule.ts";
import type { DigestSettings } from "./settings.ts";
import { describeSchedule, nextText, problemReply, usageReply, when } from "./wording.ts";

/** Which channel or chat a command is about, and the language to answer in. */
export interface TargetRef {
  readonly platform: PlatformName;
  readonly target: string;
  /** The language of the reply (the reader's). */
  readonly locale: Locale;
}

/** `/digest subscribe`: every option a string as typed, all optional. */
export interface SubscribeRequest extends TargetRef, SubscribeOptions {}

export interface SubscriptionDeps {
  readonly store: DigestStore;
  readonly clock: Clock;
  readonly settings: DigestSettings;
  /** The story the digest is about, read at each preview. */
  readonly story: () => Story;
  /** Brings the scheduler in step with the subscriptions after a change. */
  readonly refresh: () => Promise<void>;
}

/**
 * The `/digest` subcommands on the store: each validates what was typed, reads or changes a
 * target's subscription and answers with neutral `Reply` data; never throws on user input.
 */
export class SubscriptionCommands {
  constructor(private readonly deps: SubscriptionDeps) {}

  /** `/digest subscribe`: validates the options, saves the subscription, answers with the next post. */
  async subscribe(request: SubscribeRequest): Promise<Reply> {
    const m = digestMessages[request.locale];
    const given = (v: string | undefined) => (v?.trim() ? v.trim() : undefined);
    const time = given(request.time);
    const cronText = given(request.cron);
    if (time && cronText) return problemReply(request.locale, { kind: "time-and-cron" });
    let cron: string;
    if (cronText) {
      const checked = checkCron(cronText, this.deps.settings.minIntervalMs);
      if (!checked.ok) return problemReply(request.locale, checked.problem);
      cron = checked.value;
    } else {
      const checked = parseTime(time ?? this.deps.settings.defaultTime);
      if (!checked.ok) return problemReply(request.locale, checked.problem);
      cron = checked.value;
    }
    const zone = checkTimezone(given(request.timezone) ?? this.deps.settings.timezone);
    if (!zone.ok) return problemReply(request.locale, zone.problem);
    const wanted = given(request.language)?.toLowerCase();
    if (wanted !== undefined && !isLocale(wanted))
      return problemReply(request.locale, { kind: "locale", value: request.language ?? "" });
    const locale: Locale = wanted ?? request.locale;
    const imageText = given(request.image);
    const image = imageText === undefined ? undefined : imageSetting(imageText);
    if (imageText !== undefined && image === undefined)
      return problemReply(request.locale, { kind: "image", value: imageText });
    const before = await this.deps.store.subscriptions.get(request.platform, request.target);
    const sub = await this.deps.store.subscriptions.upsert(
      {
        platform: request.platform,
        target: request.target,
        cron,
        timezone: zone.value,
        locale,
        source: "command",
        // Not given: a new subscription gets the card, an existing one keeps its setting.
        ...(image === undefined ? {} : { image }),
      },
      this.deps.clock.now(),
    );
    await this.deps.refresh();
    const blocks: Block[] = [
      {
        type: "text",
        text: m.subscribed(describeSchedule(sub, request.locale), m.languageName[locale]),
      },
      {
        type: "fields",
        fields: [
          { name: m.fieldNext, value: nextText(sub, request.locale, this.deps.clock.now()) },
          { name: m.fieldImage, value: sub.image ? m.imageOn : m.imageOff },
        ],
      },
    ];
    if (before?.pausedReason) blocks.push({ type: "text", text: m.resumedToo });
    return { status: "ok", title: m.subscribedTitle, blocks };
  }

  /** Telegram-style `/digest …` text: dispatches to the subcommand; unknown words get help. */
  async handleText(ref: TargetRef, text: string): Promise<Reply> {
    const parsed = parseDigestText(text);
    const m = digestMessages[ref.locale];
    if (parsed.kind === "usage") return usageReply(ref.locale, "ok");
    if (parsed.kind === "unknown-subcommand")
      return usageReply(ref.locale, "user-error", m.unknownSubcommand(echo(parsed.value)));
    switch (parsed.subcommand) {
      case "subscribe": {
        const words = parseSubscribeWords(parsed.words);
        if (!words.ok) return problemReply(ref.locale, words.problem);
        return this.subscribe({ ...ref, ...words.value });
      }
      case "unsubscribe":
        return this.unsubscribe(ref);
      case "status":
        return this.status(ref);
      case "preview":
        return this.preview(ref);
    }
  }

  /** `/digest unsubscribe`: removes the subscription (its ledger stays as history). */
  async unsubscribe(ref: TargetRef): Promise<Reply> {
    const m = digestMessages[ref.locale];
    if (!(await this.deps.store.subscriptions.remove(ref.platform, ref.target)))
      return {
        status: "user-error",
        title: m.notSubscribedTitle,
        blocks: [{ type: "text", text: m.notSubscribed }],
      };
    await this.deps.refresh();
    return {
      status: "ok",
      title: m.unsubscribedTitle,
      blocks: [{ type: "text", text: m.unsubscribed }],
    };
  }

  /** `/digest status`: schedule, next post in the target's zone, last post, pause and why. */
  async status(ref: TargetRef): Promise<Reply> {
    const m = digestMessages[ref.locale];
    const sub = await this.deps.store.subscriptions.get(ref.platform, ref.target);
    if (!sub)
      return {
        status: "ok",
        title: m.notSubscribedTitle,
        blocks: [{ type: "text", text: m.notSubscribed }],
      };
    const fields: { name: string; value: string }[] = [
      { name: m.fieldSchedule, value: describeSchedule(sub, ref.locale) },
      { name: m.fieldLanguage, value: m.languageName[sub.locale] },
      { name: m.fieldImage, value: sub.image ? m.imageOn : m.imageOff },
      {
        name: m.fieldNext,
        value: sub.pausedReason ? m.noNext : nextText(sub, ref.locale, this.deps.clock.now()),
      },
    ];
    const last = await this.deps.store.ledger.lastSent(sub.platform, sub.target);
    fields.push({
      name: m.fieldLast,
      value: last ? when(new Date(last.slotAt), sub.timezone, ref.locale) : m.none,
    });
    if (sub.pausedReason)
      fields.push({
        name: m.fieldPaused,
        value: m.pausedBecause(
          sub.pausedReason,
          when(new Date(sub.pausedAt ?? sub.updatedAt), sub.timezone, ref.locale),
        ),
      });
    const latest = await this.deps.store.ledger.latest(sub.platform, sub.target);
    if (
      latest?.status === "interrupted" ||
      ((latest?.status === "claimed" || latest?.status === "sending") &&
        this.isStale(latest.claimedAt))
    )
      fields.push({
        name: m.fieldInterrupted,
        value: m.interrupted(when(new Date(latest.slotAt), sub.timezone, ref.locale)),
      });
    if (latest?.status === "uncertain")
      fields.push({
        name: m.fieldUncertain,
        value: m.uncertain(when(new Date(latest.slotAt), sub.timezone, ref.locale)),
      });
    if (latest?.status === "failed" && !sub.pausedReason)
      fields.push({
        name: m.fieldFailed,
        value: m.failed(
          when(new Date(latest.slotAt), sub.timezone, ref.locale),
          latest.reason ?? "?",
        ),
      });
    fields.push({
      name: m.fieldSource,
      value: sub.source === "operator" ? m.sourceOperator : m.sourceCommand,
    });
    return { status: "ok", title: m.statusTitle, blocks: [{ type: "fields", fields }] };
  }

  /** `/digest preview`: the next digest exactly as it will be posted (show it to the caller only). */
  async preview(ref: TargetRef): Promise<Reply> {
    const m = digestMessages[ref.locale];
    const sub = await this.deps.store.subscriptions.get(ref.platform, ref.target);
    // Unsubscribed: as a new subscription would post it, with the card.
    const image = sub?.image ?? true;
    const reply = digest(this.deps.story(), sub?.locale ?? ref.locale, sub?.rotation ?? 0, {
      image,
    });
    const note = `${
      sub ? m.previewNote(nextText(sub, ref.locale, this.deps.clock.now())) : m.previewUnsubscribed
    } ${m.previewImage(image ? m.imageOn : m.imageOff)}`;
    return { ...reply, blocks: [{ type: "text", text: note }, ...reply.blocks] };
  }

  /**
   * Makes the operator's targets (`DIGEST_*_CHANNELS`/`CHATS`) subscriptions on the operator's
   * rhythm; drops those no longer configured; leaves an admin's own subscription alone.
   */
  async syncOperatorTargets(): Promise<void> {
    const { settings } = this.deps;
    const wanted = settings.operatorTargets;
    const keep = new Set(wanted.map((w) => `${w.platform}:${w.target}`));
    for (const old of await this.deps.store.subscriptions.operatorTargets())
      if (!keep.has(`${old.platform}:${old.target}`))
        await this.deps.store.subscriptions.remove(old.platform, old.target);
    // No operator target, no rhythm to check: croner's first computation holds the event loop
    // for tens of milliseconds, just when the first updates arrive.
    if (wanted.length === 0) return;
    const cron = checkCron(settings.operatorCron);
    if (!cron.ok)
      throw new Error(
        `DIGEST_CRON: ${cron.problem.kind === "cron" ? cron.problem.detail : "invalid"}`,
      );
    const now = this.deps.clock.now();
    for (const w of wanted) {
      const existing = await this.deps.store.subscriptions.get(w.platform, w.target);
      // An admin's own subscription wins over the operator's defaults.
      if (existing?.source === "command") continue;
      if (
        existing &&
        existing.cron === cron.value &&
        existing.timezone === settings.timezone &&
        existing.locale === settings.locale &&
        existing.image === (settings.image ?? true)
      )
        continue;
      await this.deps.store.subscriptions.upsert(
        {
          ...w,
          cron: cron.value,
          timezone: settings.timezone,
          locale: settings.locale,
          image: settings.image ?? true,
          source: "operator",
        },
        now,
      );
    }
  }

  /**
   * A claim open for longer than this shows as interrupted in /digest status. At each start
   * (and change of leader) the claims other processes left are taken over: never-sent ones
   * are sent (or failed when too old), ones in flight are marked interrupted and reported once
   * (log line, metric, /readyz). A process sharing the database may still finish one; its
   * outcome then replaces the mark.
   */
  private isStale(claimedAt: string): boolean {
    return (
      this.deps.clock.now().getTime() - new Date(claimedAt).getTime() >
      this.deps.settings.staleClaimMs
    );
  }
}
