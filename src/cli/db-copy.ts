import { existsSync } from "node:fs";
import { loadConfig } from "../config.ts";
import { exitOnStartupError } from "../startup.ts";
import { copySqliteToPostgres } from "../storage/copy.ts";
import { DatabaseError } from "../storage/database.ts";
import { checkSqliteFile } from "../storage/digest-store.ts";
import { isPostgresUrl, redactUrl } from "../storage/url.ts";

const USAGE =
  "usage: npm run db:copy -- --to postgres://user:password@host:5432/database [--from path/to/file.sqlite]\n" +
  "Copies the subscriptions, the delivery ledger and the platforms' file ids of uploaded pictures from the SQLite file (DATABASE_PATH by default) into PostgreSQL; rows already there are kept, so running it twice changes nothing.\n";

function option(argv: string[], name: string): string | undefined {
  const at = argv.indexOf(name);
  if (at >= 0) return argv[at + 1];
  const inline = argv.find((a) => a.startsWith(`${name}=`));
  return inline?.slice(name.length + 1);
}

/**
 * `npm run db:copy -- --to postgres://…`: moves a growing bot from its SQLite file to
 * PostgreSQL without losing a subscription or the ledger that keeps posts at most once.
 * Exit 0 when copied, 1 on bad usage, 2 when a database cannot be used.
 */
async function main(argv: string[]): Promise<number> {
  const to = option(argv, "--to");
  if (!to || !isPostgresUrl(to)) {
    process.stderr.write(USAGE);
    return 1;
  }
  let from: string;
  try {
    from = option(argv, "--from") ?? loadConfig(process.env).DATABASE_PATH;
    if (!existsSync(from))
      throw new DatabaseError(`DATABASE_PATH (${from}) does not exist: nothing to copy.`);
    // Sound and of a schema this code knows, before anything is written.
    checkSqliteFile(from);
  } catch (error) {
    exitOnStartupError(error);
  }
  try {
    const report = await copySqliteToPostgres(from, to);
    const { subscriptions: s, deliveries: d, fileIds: f } = report;
    process.stdout.write(
      `Copied ${from} → ${redactUrl(to)}: ${s.copied} subscription(s) (${s.present} already there), ${d.copied} ledger row(s) (${d.present} already there), ${f.copied} picture file id(s) (${f.present} already there).\n`,
    );
    return 0;
  } catch (error) {
    exitOnStartupError(error);
  }
}

process.exitCode = await main(process.argv.slice(2));
