// An answer that is not JSON at all (a model that ignored response_format): scripted bytes over real HTTP,
// since the emulator always honours the format.
import { createClient, ObjectValidationError, streamObject } from '@using-ai/core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { z } from 'zod';
import { type ByteServer, sse, startByteServer } from '../support/byte-server';
import { chunk } from '../support/chunks';

let server: ByteServer;
beforeAll(async () => {
  server = await startByteServer();
});
afterAll(() => server.close());

it('fails with ObjectValidationError naming where the JSON breaks, keeping the raw text and the partial', async () => {
  server.script([
    {
      headers: { 'content-type': 'text/event-stream' },
      body: sse([
        chunk({ role: 'assistant', content: '{"title": "Ro' }),
        chunk({ content: 'me"} and then' }),
        chunk({ content: ' some prose' }, 'stop'),
        '[DONE]',
      ]),
    },
  ]);
  const client = createClient({ baseURL: server.origin, maxRetries: 0 });
  const stream = streamObject(client, {
    model: 'haiku-4.5-agentic',
    messages: [{ role: 'user', content: 'Hi' }],
    schema: z.object({ title: z.string() }),
  });
  const error = (await stream.final().catch((e: unknown) => e)) as ObjectValidationError;
  expect(error).toBeInstanceOf(ObjectValidationError);
  expect(error.message).toBe('The answer is not JSON: Unexpected "a" at position 18 of the JSON');
  expect(error.issues).toEqual([{ message: 'Unexpected "a" at position 18 of the JSON' }]);
  expect(error.text).toBe('{"title": "Rome"} and then some prose');
  expect(error.value).toBeUndefined();
  expect(stream.partial).toEqual({ title: 'Rome' });
});
