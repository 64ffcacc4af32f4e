import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root. */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const DATA_DIR = join(ROOT, "data");
/** The seed articles sit beside the checkout (CI clones the repo next to `shared/`). */
export const SEED_DIR = process.env.SEED_DIR ?? resolve(ROOT, "../shared/seed");
