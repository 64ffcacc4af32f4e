/** One part of a multipart/form-data body. */
export interface Part {
  readonly name: string;
  /** Set for a file part. */
  readonly filename?: string;
  readonly contentType?: string;
  readonly data: Buffer;
}

/** A file a fake received, with what it could read of it. */
export interface Upload {
  readonly filename: string;
  readonly data: Buffer;
}

/**
 * Parses a multipart/form-data body, as both platforms receive uploads. Accepts what real
 * clients send: quoted or bare `name`/`filename`, header names in any case, with or without a
 * space after the colon (grammY writes `content-disposition:form-data;name="x"`). Throws on a
 * body that does not follow its boundary.
 */
export function parseMultipart(body: Buffer, contentType: string): Part[] {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  const b = boundary?.[1] ?? boundary?.[2];
  if (!b) throw new Error("multipart body without a boundary");
  const delimiter = Buffer.from(`--${b}`);
  const parts: Part[] = [];
  let at = body.indexOf(delimiter);
  if (at < 0) throw new Error("multipart body without its boundary");
  for (;;) {
    at += delimiter.length;
    if (body.subarray(at, at + 2).toString() === "--") break; // the closing delimiter
    if (body.subarray(at, at + 2).toString() !== "\r\n") throw new Error("bad multipart delimiter");
    at += 2;
    const headerEnd = body.indexOf("\r\n\r\n", at);
    const next = body.indexOf(Buffer.from(`\r\n--${b}`), headerEnd);
    if (headerEnd < 0 || next < 0) throw new Error("truncated multipart body");
    const headers = new Map<string, string>();
    for (const line of body.subarray(at, headerEnd).toString("utf8").split("\r\n")) {
      const colon = line.indexOf(":");
      if (colon > 0)
        headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
    }
    const disposition = headers.get("content-disposition") ?? "";
    const param = (key: string) => {
      const m = new RegExp(`;\\s*${key}=(?:"([^"]*)"|([^;]*))`, "i").exec(disposition);
      return m ? (m[1] ?? m[2] ?? "").trim() : undefined;
    };
    const name = param("name");
    if (name === undefined) throw new Error("multipart part without a name");
    const filename = param("filename");
    const contentType = headers.get("content-type");
    parts.push({
      name,
      ...(filename !== undefined ? { filename } : {}),
      ...(contentType ? { contentType } : {}),
      data: body.subarray(headerEnd + 4, next),
    });
    at = next + 2;
  }
  return parts;
}

/** The size of a PNG or JPEG from its header, or undefined for anything else. */
export function imageSize(data: Buffer): { width: number; height: number } | undefined {
  if (data.length > 24 && data.subarray(1, 4).toString("latin1") === "PNG") {
    return { width: data.readUInt32BE(16), height: data.readUInt32BE(20) };
  }
  if (data[0] === 0xff && data[1] === 0xd8) {
    let at = 2;
    while (at + 9 < data.length) {
      if (data[at] !== 0xff) return undefined;
      const marker = data[at + 1] as number;
      if (marker >= 0xc0 && marker <= 0xc3) {
        return { height: data.readUInt16BE(at + 5), width: data.readUInt16BE(at + 7) };
      }
      at += 2 + data.readUInt16BE(at + 2);
    }
  }
  return undefined;
}
