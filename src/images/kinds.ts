/**
 * The names of the images, shared by the store, the drawing, the worker and its driver: kept
 * apart so that none of them imports another only for a type (no import circle).
 */

/** An image the bot can attach: the member map, or one quote's card. */
export type CardId = "map" | `quote:${string}`;
