import { describe, expect, it } from 'vitest';
import { allowedModelIds, validateChatRequest } from '../src/validate-request';

const enc = (value: unknown) =>
  new TextEncoder().encode(typeof value === 'string' ? value : JSON.stringify(value));
const ok = { model: 'deepseek-r2', messages: [{ role: 'user', content: 'hi' }] };

describe('validateChatRequest', () => {
  it('accepts a plain request unchanged', () => {
    const result = validateChatRequest(enc(ok), {}, null);
    expect(result).toEqual({ ok: true, body: ok });
  });

  it.each([
    ['not json', '{nope'],
    ['an array', '[1]'],
    ['null', 'null'],
    ['a number', '42'],
    ['invalid UTF-8', new Uint8Array([0x7b, 0xff, 0x7d])],
  ])('refuses %s with 400', (_name, body) => {
    const result = validateChatRequest(typeof body === 'string' ? enc(body) : body, {}, null);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.refusal).toMatchObject({ status: 400, type: 'invalid_request_error' });
  });

  it('refuses a missing model, missing messages and a non-boolean stream', () => {
    for (const body of [
      { messages: [] },
      { model: 3, messages: [] },
      { model: 'm' },
      { ...ok, stream: 'yes' },
    ]) {
      const result = validateChatRequest(enc(body), {}, null);
      expect(result.ok ? 0 : result.refusal.status).toBe(400);
    }
  });

  it('refuses token limits that are not exact positive integers, even without a cap', () => {
    for (const value of [0, -1, 1.5, '100', 2 ** 53, 1e300]) {
      for (const field of ['max_tokens', 'max_completion_tokens']) {
        const result = validateChatRequest(enc({ ...ok, [field]: value }), {}, null);
        expect(result.ok ? 0 : result.refusal).toMatchObject({ status: 400, param: field });
      }
    }
    expect(validateChatRequest(enc({ ...ok, max_tokens: 2 ** 53 - 1 }), {}, null).ok).toBe(true);
  });

  it('refuses disallowed models with 403 model_not_allowed', () => {
    const ids = allowedModelIds(['haiku-4.5', { id: 'deepseek-r2', name: 'R2' }]);
    expect(validateChatRequest(enc(ok), {}, ids).ok).toBe(true);
    const result = validateChatRequest(enc({ ...ok, model: 'opus-4.5' }), {}, ids);
    expect(result.ok ? null : result.refusal).toMatchObject({
      status: 403,
      type: 'model_not_allowed',
      param: 'model',
    });
  });

  it('rejects max_tokens over the cap by default, and clamps in clamp mode', () => {
    const huge = { ...ok, max_tokens: 1_000_000_000 };
    const rejected = validateChatRequest(enc(huge), { maxTokens: 1000 }, null);
    expect(rejected.ok ? null : rejected.refusal).toMatchObject({ status: 400, param: 'max_tokens' });
    const clamped = validateChatRequest(
      enc({ ...ok, max_completion_tokens: 5000 }),
      { maxTokens: 1000, maxTokensMode: 'clamp' },
      null,
    );
    expect(clamped.ok && clamped.body.max_completion_tokens).toBe(1000);
  });

  it('sets max_tokens to the cap when the client sent none', () => {
    const result = validateChatRequest(enc(ok), { maxTokens: 256 }, null);
    expect(result.ok && result.body.max_tokens).toBe(256);
  });

  it('refuses non-integer or negative max_tokens even without a cap', () => {
    for (const value of ['-1', '0', '1.5', '"10"', '1e400', 'true']) {
      const result = validateChatRequest(enc(`{"model":"m","messages":[],"max_tokens":${value}}`), {}, null);
      expect(result.ok ? 0 : result.refusal.status, String(value)).toBe(400);
    }
  });
});
