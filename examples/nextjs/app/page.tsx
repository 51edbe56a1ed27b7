import { Chat } from './chat';

export default function Home() {
  return (
    <main>
      <h1>using.ai + Next.js</h1>
      <Chat />
    </main>
  );
}
