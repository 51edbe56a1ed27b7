// Stream ids are capabilities when `authorize` names no client: 144 random bits from the platform's
// CSPRNG, base64url (24 characters, safe in a URL path and a header).

/** A new random stream id. */
export function createStreamId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(18));
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_');
}

/** Whether `value` has the shape of an id createStreamId makes (checked before any store lookup). */
export const isStreamId = (value: string): boolean => /^[A-Za-z0-9_-]{24}$/.test(value);
