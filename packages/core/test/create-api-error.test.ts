import {
  AuthenticationError,
  BadRequestError,
  ConnectionError,
  createApiError,
  emptyAssistantMessage,
  NotFoundError,
  RateLimitError,
  RequestTooLargeError,
  ServerError,
  StreamInterruptedError,
  TierForbiddenError,
  TimeoutError,
  UsingAiError,
} from '@using-ai/core';
import { createErrorBody } from '@using-ai/core/server';
import { describe, expect, it } from 'vitest';

const now = 1_750_000_000_000;

describe('createApiError', () => {
  const cases: Array<[number, new (...args: never[]) => UsingAiError, string]> = [
    [400, BadRequestError, 'invalid_request_error'],
    [401, AuthenticationError, 'authentication_error'],
    [403, TierForbiddenError, 'permission_denied'],
    [404, NotFoundError, 'not_found'],
    [413, RequestTooLargeError, 'request_too_large'],
    [429, RateLimitError, 'rate_limit_exceeded'],
    [500, ServerError, 'server_error'],
    [502, ServerError, 'server_error'],
    [503, ServerError, 'server_error'],
    [504, ServerError, 'server_error'],
    [599, ServerError, 'server_error'],
    [418, UsingAiError, 'api_error'],
  ];

  for (const [status, Class, defaultType] of cases) {
    it(`maps ${status} to ${Class.name}, from the API body and from an empty body`, () => {
      const fromJson = createApiError(status, createErrorBody('some_type', `failed with ${status}`));
      expect(fromJson).toBeInstanceOf(Class);
      expect(fromJson).toBeInstanceOf(UsingAiError);
      expect(fromJson).toBeInstanceOf(Error);
      expect(fromJson.name).toBe(Class.name);
      expect(fromJson.status).toBe(status);
      expect(fromJson.type).toBe('some_type');
      expect(fromJson.message).toBe(`failed with ${status}`);

      const empty = createApiError(status, '');
      expect(empty).toBeInstanceOf(Class);
      expect(empty.type).toBe(defaultType);
      expect(empty.message).toMatch(new RegExp(`^HTTP ${status}.*\\(empty body\\)$`));
    });
  }

  it('reads the body from JSON text', () => {
    const error = createApiError(
      400,
      '{"error":{"type":"invalid_request_error","message":"messages is required"}}',
    );
    expect(error.message).toBe('messages is required');
    expect(error.body).toEqual({ error: { type: 'invalid_request_error', message: 'messages is required' } });
  });

  it('gives an HTML 502 page a readable message from its title', () => {
    const html =
      '<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>nginx</h1></body></html>';
    const error = createApiError(502, html);
    expect(error).toBeInstanceOf(ServerError);
    expect(error.message).toBe('HTTP 502: 502 Bad Gateway');
    expect(error.body).toBe(html);
    expect(createApiError(502, '<html><body>down</body></html>').message).toBe('HTTP 502 (HTML page)');
  });

  it('falls back to the first <h1> of an HTML page without a title', () => {
    const html = '<html><body><h1 class="err">504 Gateway Time-out</h1><h1>second</h1></body></html>';
    expect(createApiError(504, html).message).toBe('HTTP 504: 504 Gateway Time-out');
  });

  it('keeps short plain-text bodies and truncates long ones', () => {
    expect(createApiError(500, 'upstream exploded').message).toBe('HTTP 500: upstream exploded');
    expect(createApiError(500, 'x'.repeat(500)).message).toHaveLength('HTTP 500: '.length + 200);
  });

  it('accepts OpenAI-style variants: an error string, or an error without type', () => {
    expect(createApiError(400, { error: 'bad things' }).message).toBe('bad things');
    const noType = createApiError(401, { error: { message: 'Incorrect API key' } });
    expect(noType.message).toBe('Incorrect API key');
    expect(noType.type).toBe('authentication_error');
  });

  it('reads the tier a 403 requires from the body, else from the message', () => {
    const fromMessage = createApiError(
      403,
      createErrorBody(
        'tier_forbidden',
        'opus-4.5 requires the SuperMaxes tier. Upgrade at using.ai/pricing.',
      ),
    ) as TierForbiddenError;
    expect(fromMessage.type).toBe('tier_forbidden');
    expect(fromMessage.requiredTier).toBe('supermaxes');
    const fromBody = createApiError(
      403,
      createErrorBody('tier_forbidden', 'no', { required_tier: 'donator' }),
    );
    expect((fromBody as TierForbiddenError).requiredTier).toBe('donator');
    const other = createApiError(403, createErrorBody('permission_denied', 'Standard key cannot do that'));
    expect(other).toBeInstanceOf(TierForbiddenError);
    expect((other as TierForbiddenError).requiredTier).toBeNull();
  });

  it('reads rate limit and the server wait from the headers', () => {
    const headers = new Headers({
      'x-ratelimit-limit': '60',
      'x-ratelimit-remaining': '0',
      'x-ratelimit-reset': '7',
    });
    const error = createApiError(429, createErrorBody('rate_limit_exceeded', 'slow down'), headers, now);
    expect(error.rateLimit).toEqual({ limit: 60, remaining: 0, resetAt: now + 7000 });
    expect(error.retryAfterMs).toBe(7000);
    expect(error.headers?.get('x-ratelimit-limit')).toBe('60');
    expect(createApiError(503, '', { 'Retry-After': '2' }, now).retryAfterMs).toBe(2000);
    expect(createApiError(500, '').retryAfterMs).toBeNull();
  });
});

describe('error classes', () => {
  it('TimeoutError is a ConnectionError; StreamInterruptedError carries partial and cause', () => {
    const timeout = new TimeoutError({ type: 'timeout', message: 'slow' });
    expect(timeout).toBeInstanceOf(ConnectionError);
    expect(timeout.status).toBeNull();
    const partial = { ...emptyAssistantMessage(), content: 'half' };
    const interrupted = new StreamInterruptedError({
      status: 200,
      type: 'stream_interrupted',
      message: 'cut',
      partial,
      cause: timeout,
    });
    expect(interrupted.partial.content).toBe('half');
    expect(interrupted.cause).toBe(timeout);
    expect(interrupted.name).toBe('StreamInterruptedError');
    expect(String(interrupted)).toBe('StreamInterruptedError: cut');
  });
});
