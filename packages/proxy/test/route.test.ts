import { describe, expect, it } from 'vitest';
import { matchRoute, normalizeBasePath } from '../src/route';

describe('matchRoute', () => {
  it('matches the two endpoints wherever mounted when no basePath is set', () => {
    expect(matchRoute('/api/using-ai/chat/completions')).toBe('chat');
    expect(matchRoute('/chat/completions')).toBe('chat');
    expect(matchRoute('/v1/chat/completions')).toBe('chat');
    expect(matchRoute('/anything/deep/models')).toBe('models');
    expect(matchRoute('/models')).toBe('models');
  });

  it('refuses other paths', () => {
    for (const path of [
      '/',
      '/api/using-ai',
      '/api/using-ai/completions',
      '/xmodels',
      '/models/x',
      '/chat/completions/',
    ]) {
      expect(matchRoute(path), path).toBeNull();
    }
  });

  it('refuses encoded separators, empty segments and backslashes', () => {
    for (const path of [
      '/api/using-ai/chat%2Fcompletions',
      '/api/using-ai/chat%2fcompletions',
      '/api%2F..%2Fadmin/chat/completions',
      '/x%5C/models',
      '/%2e%2e/models',
      '/api/using-ai//chat/completions',
      '//evil.example/models',
      '/a\\b/models',
      '/x%00/models',
    ]) {
      expect(matchRoute(path), path).toBeNull();
    }
  });

  it('with a basePath, matches only that base exactly', () => {
    expect(matchRoute('/api/using-ai/chat/completions', '/api/using-ai')).toBe('chat');
    expect(matchRoute('/api/using-ai/models', '/api/using-ai/')).toBe('models');
    expect(matchRoute('/other/chat/completions', '/api/using-ai')).toBeNull();
    expect(matchRoute('/x/api/using-ai/models', '/api/using-ai')).toBeNull();
    expect(matchRoute('/models', '/')).toBe('models');
  });

  it('normalizeBasePath', () => {
    expect(normalizeBasePath('api/x/')).toBe('/api/x');
    expect(normalizeBasePath('/')).toBe('');
  });
});
