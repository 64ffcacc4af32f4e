import type { Reply } from "../../src/core/reply.ts";
import type { PlatformName, ReplySender, SendResult } from "../../src/platform.ts";

export interface SentMessage {
  readonly target: string;
  readonly reply: Reply;
  readonly at: number;
}

/**
 * A `ReplySender` that records what it posts. `script[target]` lists the results to give, in
 * order, before succeeding; `delayMs[target]` makes a target slow.
 */
export class FakeSender implements ReplySender {
  readonly sent: SentMessage[] = [];
  readonly attempts: string[] = [];
  readonly script = new Map<string, SendResult[]>();
  readonly delayMs = new Map<string, number>();
  private next = 1;

  constructor(readonly platform: PlatformName) {}

  async send(target: string, reply: Reply): Promise<SendResult> {
    this.attempts.push(target);
    const delay = this.delayMs.get(target);
    if (delay) await new Promise((r) => setTimeout(r, delay));
    const scripted = this.script.get(target)?.shift();
    if (scripted && !scripted.ok) return scripted;
    this.sent.push({ target, reply, at: performance.now() });
    return { ok: true, messageId: String(this.next++) };
  }

  sentTo(target: string): SentMessage[] {
    return this.sent.filter((m) => m.target === target);
  }
}
