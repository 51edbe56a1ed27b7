import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { Markdown } from '../src/components/Markdown';

const html = (text: string, streaming = false) =>
  renderToStaticMarkup(createElement(Markdown, { text, streaming }));

describe('Markdown', () => {
  it('renders GFM: code blocks with their language, tables, lists', () => {
    const out = html(
      '# Title\n\n```ts\nconst x = 1;\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n- one\n- two',
    );
    expect(out).toContain('<h1>Title</h1>');
    expect(out).toContain('<span>ts</span>');
    expect(out).toContain('<code class="language-ts">const x = 1;\n</code>');
    expect(out).toContain('<table>');
    expect(out).toContain('<li>two</li>');
  });

  it('never renders raw HTML or javascript: links from the model', () => {
    const out = html(
      'Hi <img src=x onerror="alert(1)"> <script>alert(2)</script>\n\n[click](javascript:alert(3))',
    );
    expect(out).not.toContain('<img');
    expect(out).not.toContain('<script');
    expect(out).not.toContain('javascript:');
    expect(out).toContain('rel="noopener noreferrer"');
  });

  it('completes partial Markdown only while streaming', () => {
    expect(html('This is **bold', true)).toContain('<strong>bold</strong>');
    expect(html('This is **bold', false)).not.toContain('<strong>');
    expect(html('Run `npm i', true)).toContain('<code>npm i</code>');
  });
});
