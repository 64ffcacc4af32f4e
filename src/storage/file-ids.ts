import type { PlatformName } from "../platform.ts";
import type { Database } from "./database.ts";

/**
 * The `file_ids` table: the id a platform gave one of our uploaded pictures (Telegram's
 * `file_id`), per platform and image key (story, story version, card, locale), so that a
 * restarted bot, or another replica, sends the picture by id and never uploads it again.
 * Satisfies `FileIdCache` (src/images/pictures.ts) once made asynchronous.
 */
export class FileIdRepository {
  constructor(private readonly db: Database) {}

  /** The platform's id for the image, if it was uploaded before. */
  get(platform: PlatformName, key: string): string | undefined {
    return this.db
      .prepare<[string, string], { file_id: string }>(
        "SELECT file_id FROM file_ids WHERE platform = ? AND image_key = ?",
      )
      .get(platform, key)?.file_id;
  }

  /** Records the id of an upload (a later upload of the same image replaces it). */
  set(platform: PlatformName, key: string, fileId: string): void {
    this.db
      .prepare(
        `INSERT INTO file_ids (platform, image_key, file_id, created_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (platform, image_key) DO UPDATE SET file_id = excluded.file_id, created_at = excluded.created_at`,
      )
      .run(platform, key, fileId, new Date().toISOString());
  }
}
