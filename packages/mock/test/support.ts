// Test helpers: plain-fetch requests and a minimal SSE reader (deliberately independent of src/).

export const KEYS = {
  standard: 'sk-test-standard',
  donator: 'sk-test-donator',
  supermaxes: 'sk-test-supermaxes',
} as const;

export function chatRequest(
  base: string,
  body: unknown,
  init: { key?: string | null; headers?: Record<string, string>; signal?: AbortSignal } = {},
): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...init.headers };
  const key = init.key === undefined ? KEYS.supermaxes : init.key;
  if (key !== null) headers.authorization = `Bearer ${key}`;
  return fetch(`${base}/chat/completions`, {
    method: 'POST',
    headers,
    body: typeof body === 'string' ? body : JSON.stringify(body),
    signal: init.signal,
  });
}

export interface SseRead {
  /** `data:` payloads in order (raw strings, including `[DONE]`). */
  data: string[];
  /** Comment lines (without the leading colon). */
  comments: string[];
  /** Set when the body errored before ending cleanly. */
  error?: unknown;
}

/** Reads a whole SSE body; a body that fails mid-way is reported, not thrown. */
export async function readSse(response: Response): Promise<SseRead> {
  const out: SseRead = { data: [], comments: [] };
  if (!response.body) return out;
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  const flush = (block: string) => {
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) out.comments.push(line.slice(1).trim());
      else if (line.startsWith('data:')) out.data.push(line.slice(5).trimStart());
    }
  };
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      buffer += value;
      let cut = buffer.indexOf('\n\n');
      while (cut >= 0) {
        flush(buffer.slice(0, cut));
        buffer = buffer.slice(cut + 2);
        cut = buffer.indexOf('\n\n');
      }
    }
    if (buffer.trim()) flush(buffer);
  } catch (error) {
    out.error = error;
  }
  return out;
}

/** The parsed chunks of an SSE read (skips `[DONE]`; throws on malformed JSON). */
export function chunksOf(read: SseRead): Array<{
  choices: Array<{ delta: Record<string, unknown>; finish_reason: string | null }>;
  usage?: { prompt_tokens: number; completion_tokens: number; total_tokens: number } | null;
  error?: { type: string; message: string };
}> {
  return read.data.filter((d) => d !== '[DONE]').map((d) => JSON.parse(d));
}

export function contentOf(read: SseRead): string {
  return chunksOf(read)
    .map((c) => (c.choices[0]?.delta.content as string | undefined) ?? '')
    .join('');
}

export const RATE_HEADERS = ['x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset'] as const;
