// Which upstream `Content-Encoding` the proxy can stream. The proxy asks for `identity`, but a server or
// CDN on the way may compress anyway. Fetch decodes one of gzip, deflate or br by itself; anything else
// (zstd on Node 20, compress, an unknown token, or a list such as `gzip, identity`, which fetch leaves
// undecoded as a whole) would reach the key scrubber as opaque bytes and the client, which never gets the
// header, could decompress it and read the key. Such a body is refused before its first byte. Pure.

const DECODED = new Set(['gzip', 'x-gzip', 'deflate', 'br']);

/** `null` when a body in `contentEncoding` reaches the proxy as plain bytes; else the encoding, trimmed. */
export function unreadableEncoding(contentEncoding: string | null): string | null {
  if (contentEncoding === null) return null;
  const coding = contentEncoding.trim().toLowerCase();
  if (coding === '' || coding === 'identity' || DECODED.has(coding)) return null;
  return contentEncoding.trim();
}
