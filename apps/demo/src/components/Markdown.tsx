import { memo, useState } from 'react';
import ReactMarkdown, { type Components } from 'react-markdown';
import remarkGfm from 'remark-gfm';
import remend from 'remend';

interface MarkdownProps {
  text: string;
  /** While streaming, unclosed `**`, backticks, fences and links are completed so the text does not flicker. */
  streaming?: boolean;
}

function CopyButton({ text }: { text: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      className="code-copy"
      onClick={() => {
        void navigator.clipboard?.writeText(text).then(() => {
          setCopied(true);
          setTimeout(() => setCopied(false), 1500);
        });
      }}
    >
      {copied ? 'Copied' : 'Copy'}
    </button>
  );
}

const components: Components = {
  // Links open in a new tab and never send a referrer; react-markdown already drops javascript: URLs.
  a: ({ node: _node, ...props }) => <a {...props} target="_blank" rel="noopener noreferrer" />,
  pre: ({ node, children }) => {
    const code = node?.children[0];
    const text =
      code && 'children' in code
        ? code.children.map((c) => ('value' in c ? String(c.value) : '')).join('')
        : '';
    const lang = code && 'properties' in code ? String(code.properties.className ?? '') : '';
    return (
      <div className="code-block">
        <div className="code-head">
          <span>{lang.replace(/^language-/, '') || 'code'}</span>
          <CopyButton text={text} />
        </div>
        <pre>{children}</pre>
      </div>
    );
  },
  table: ({ node: _node, ...props }) => (
    <div className="table-wrap">
      <table {...props} />
    </div>
  ),
};

/** Markdown with GFM. Raw HTML is never rendered (no rehype-raw): model output is untrusted. */
export const Markdown = memo(function Markdown({ text, streaming = false }: MarkdownProps) {
  const source = streaming ? remend(text) : text;
  return (
    <div className="markdown">
      <ReactMarkdown remarkPlugins={[remarkGfm]} skipHtml components={components}>
        {source}
      </ReactMarkdown>
    </div>
  );
});
