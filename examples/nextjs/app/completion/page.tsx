import { Completion } from './completion';

export default function CompletionPage() {
  return (
    <main>
      <h1>One-shot completion</h1>
      <Completion />
    </main>
  );
}
