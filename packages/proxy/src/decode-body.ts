// Upstream bodies as plain bytes. The proxy asks for `Accept-Encoding: identity`, but a server or a CDN on
// the way may compress anyway. The key scrubber and the usage reader must see text, and the client never
// gets `Content-Encoding` (it is not passed back): compressed bytes would reach it unreadable, with the key
// still inside. The global fetch decodes by itself; this is the same for the node:http upstream. Node-only.
import type { IncomingMessage } from 'node:http';
import { PassThrough, type Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';

const DECODERS: Record<string, () => NodeJS.ReadWriteStream & Readable> = {
  gzip: createGunzip,
  'x-gzip': createGunzip,
  deflate: createInflate,
  br: createBrotliDecompress,
};

/** The response body decoded per its `Content-Encoding`; an encoding we cannot decode fails the body. */
export function decodedBody(res: IncomingMessage): Readable {
  const encoding = String(res.headers['content-encoding'] ?? '')
    .trim()
    .toLowerCase();
  if (encoding === '' || encoding === 'identity') return res;
  const make = DECODERS[encoding];
  const decoder = make ? make() : new PassThrough();
  res.on('error', (error) => decoder.destroy(error));
  if (!make) {
    res.destroy();
    // Nobody may read it: the proxy refuses such a body before its head (upstream-encoding.ts).
    decoder.on('error', () => {});
    queueMicrotask(() => decoder.destroy(new Error(`The upstream sent a body in ${encoding}.`)));
    return decoder;
  }
  return res.pipe(decoder);
}
