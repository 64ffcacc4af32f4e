import { writeSync } from "node:fs";

/** What the batch writes to: process.stdout, or a stream a test reads. */
export interface LineSink {
  write(chunk: string | Uint8Array): unknown;
  /** Bytes the stream has queued and not yet handed to the system. */
  readonly writableLength?: number;
  /** A file descriptor to write to synchronously at exit (process.stdout has one). */
  readonly fd?: number;
}

export interface BatchOptions {
  /** Written at once when this many characters are buffered. */
  readonly chars: number;
  /** Else written this long after the first line buffered. */
  readonly delayMs: number;
}

const DEFAULTS: BatchOptions = { chars: 4096, delayMs: 50 };

/**
 * Log lines gathered and written in one piece: a write to a pipe is a system call and a
 * round of stream bookkeeping whatever its size, about 12 µs a line at 1,000 commands/s.
 * Lines are written when `chars` are buffered or `delayMs` after the first buffered line (a
 * timer armed only while something is buffered: nothing wakes the process when it is idle),
 * and synchronously at process exit, `process.exit()` included (`batchedStdout`). Only a process killed outright
 * (SIGKILL, a crash of Node itself) can lose the last `delayMs` of lines.
 *
 * Not sonic-boom's `minLength`: its asynchronous writes go through libuv's thread pool and its
 * synchronous flush at exit skips a write still in flight; this keeps process.stdout's own
 * writes (at once from the event loop, queued on a full pipe) and adds the batching only.
 *
 * @example pino(options, new LineBatch(process.stdout))
 */
export class LineBatch {
  #buffered = "";
  #timer: NodeJS.Timeout | undefined;
  readonly #sink: LineSink;
  readonly #options: BatchOptions;

  constructor(sink: LineSink, options: BatchOptions = DEFAULTS) {
    this.#sink = sink;
    this.#options = options;
  }

  /** pino's destination interface: one serialized line, newline included. */
  write(line: string): boolean {
    this.#buffered += line;
    if (this.#buffered.length >= this.#options.chars) this.flush();
    else if (this.#timer === undefined) {
      this.#timer = setTimeout(() => this.flush(), this.#options.delayMs);
      // At exit the buffer is written by flushSync: the timer need not keep the process alive.
      this.#timer.unref();
    }
    return true;
  }

  /** Hands what is buffered to the sink now. */
  flush(): void {
    this.#disarm();
    if (this.#buffered === "") return;
    const text = this.#buffered;
    this.#buffered = "";
    this.#sink.write(text);
  }

  /**
   * Writes what is buffered before this returns, when the sink has a file descriptor and
   * nothing queued ahead of it (else the order of lines would change); otherwise hands it to
   * the sink like `flush`. Called at process exit.
   */
  flushSync(): void {
    this.#disarm();
    const fd = this.#sink.fd;
    if (this.#buffered === "") return;
    if (fd === undefined || (this.#sink.writableLength ?? 0) > 0) {
      this.flush();
      return;
    }
    let rest = Buffer.from(this.#buffered);
    this.#buffered = "";
    try {
      while (rest.length > 0) rest = rest.subarray(writeSync(fd, rest));
    } catch {
      // A full non-blocking pipe (EAGAIN) or a closed one: queue the rest like any write.
      if (rest.length > 0) this.#sink.write(rest);
    }
  }

  #disarm(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}

let stdoutBatch: LineBatch | undefined;

/** The one batch in front of process.stdout (one exit listener, however many loggers). */
export function batchedStdout(): LineBatch {
  if (stdoutBatch === undefined) {
    const batch = new LineBatch(process.stdout);
    process.once("exit", () => batch.flushSync());
    stdoutBatch = batch;
  }
  return stdoutBatch;
}
