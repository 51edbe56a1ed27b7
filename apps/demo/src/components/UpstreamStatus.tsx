// What the emulator saw of the latest chat request (server/upstream-log.ts): after Stop it says
// "cancelled", because Stop sends DELETE for the durable stream and the proxy aborts upstream.
import { useEffect, useState } from 'react';

export function UpstreamStatus() {
  const [outcome, setOutcome] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    const poll = async () => {
      const response = await fetch('/__demo/upstream').catch(() => null);
      const body = response?.ok ? ((await response.json()) as { outcome: string | null }) : null;
      if (live && body) setOutcome(body.outcome);
    };
    void poll();
    const timer = setInterval(poll, 1000);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, []);
  return (
    <p className="hint" data-testid="upstream-status">
      Emulator, latest request: {outcome ?? 'none yet'}
    </p>
  );
}
