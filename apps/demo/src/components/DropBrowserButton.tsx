// The "Drop browser connection" fault (server/drop-browser.ts): the proxy cuts this page's connection in
// the middle of the next answer and keeps upstream; the client reconnects and the answer goes on.
import { useState } from 'react';

export function DropBrowserButton() {
  const [armed, setArmed] = useState(false);
  return (
    <>
      <button
        type="button"
        className="btn"
        onClick={async () => {
          const response = await fetch('/__demo/drop-browser', { method: 'POST' });
          setArmed(response.ok && ((await response.json()) as { armed: boolean }).armed);
        }}
      >
        Drop browser connection
      </button>
      {armed && (
        <p className="hint" aria-live="polite">
          The next answer's connection to this page will be cut; it reconnects and goes on.
        </p>
      )}
    </>
  );
}
