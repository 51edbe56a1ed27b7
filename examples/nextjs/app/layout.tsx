import Link from 'next/link';
import type { ReactNode } from 'react';
import { Providers } from './providers';

export const metadata = { title: 'using.ai + Next.js' };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <nav>
          <Link href="/">Chat (useStreamingChat)</Link> ·{' '}
          <Link href="/completion">One-shot (useChatCompletion)</Link>
        </nav>
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}
