// Readable, deterministic prose. Every answer quotes the user's last message so a reader (and a test)
// can tell which prompt produced it.
import { pick, type Random } from './random';

const STOPWORDS = new Set(
  'a an and are as at be but by can could did do does for from had has have how i if in into is it its me my no not of on or our please so than that the their them then there these they this to up us was we were what when where which who why will with would you your tell explain give show say write'.split(
    ' ',
  ),
);

/** The gist of a message, short enough to quote: its first sentence, at most ~80 characters. */
export function topicOf(message: string): string {
  const flat = message.replace(/\s+/g, ' ').trim();
  if (!flat) return 'your message';
  const sentence = /^(.+?[.?!])(\s|$)/.exec(flat)?.[1] ?? flat;
  const short = sentence.length > 80 ? `${sentence.slice(0, 77).replace(/\s+\S*$/, '')}...` : sentence;
  return short.replace(/[.?!:;,]+$/, '');
}

/** The most telling words of a message (longest non-stopwords first), for filling templates. */
export function keywordsOf(message: string): string[] {
  const words = message.toLowerCase().match(/[a-z][a-z0-9'-]*/g) ?? [];
  const unique = [...new Set(words.filter((w) => w.length > 2 && !w.includes("'") && !STOPWORDS.has(w)))];
  return unique.sort((a, b) => b.length - a.length || a.localeCompare(b)).slice(0, 2);
}

const OPENINGS = [
  (t: string) => `You asked: "${t}".`,
  (t: string) => `Here is my take on "${t}".`,
  (t: string) => `Good question: "${t}".`,
  (t: string) => `Let me answer "${t}".`,
];

const BODY = [
  (k: string) => `The short version is that ${k} comes down to a few simple ideas.`,
  (k: string) => `When thinking about ${k}, it helps to start from a concrete example.`,
  (k: string) => `Most of the difficulty with ${k} disappears once the terms are clear.`,
  (k: string) => `A good rule of thumb for ${k} is to keep things small and measurable.`,
  (k: string) => `People often overcomplicate ${k}, but the core is straightforward.`,
  (k: string) => `If you try it yourself, ${k} becomes much easier to reason about.`,
  (k: string) => `There are trade-offs with ${k}, and they depend on what you value most.`,
  (k: string) => `In practice, ${k} works best when you test each step as you go.`,
];

const CLOSINGS = [
  'I hope that helps.',
  'Let me know if you want more detail.',
  'Happy to go deeper on any part of this.',
  'That should be enough to get you started.',
];

function subject(message: string): string {
  const keywords = keywordsOf(message);
  return keywords.length > 0 ? keywords.join(' and ') : 'this';
}

function sentences(random: Random, k: string, count: number): string[] {
  const pool = [...BODY];
  const out: string[] = [];
  for (let i = 0; i < count && pool.length > 0; i++) {
    const index = Math.floor(random() * pool.length);
    const [make] = pool.splice(index, 1);
    if (make) out.push(make(k));
  }
  return out;
}

/** A 2–5 sentence answer that quotes and refers to `lastUserMessage`. */
export function answerText(random: Random, lastUserMessage: string): string {
  const opening = pick(random, OPENINGS)(topicOf(lastUserMessage));
  const body = sentences(random, subject(lastUserMessage), 1 + Math.floor(random() * 3));
  return [opening, ...body, pick(random, CLOSINGS)].join(' ');
}

/** The visible reasoning of a thinking model, streamed before its answer. */
export function reasoningText(random: Random, lastUserMessage: string): string {
  const k = subject(lastUserMessage);
  const steps = [
    `The user is asking: "${topicOf(lastUserMessage)}".`,
    pick(random, [
      `First, I should pin down what ${k} means here.`,
      `Let me break ${k} into smaller pieces.`,
      `I need to recall what matters most about ${k}.`,
    ]),
    pick(random, [
      'Then I will check the obvious edge cases.',
      'An example would make this clearer.',
      'I should keep the answer short and concrete.',
    ]),
    'Now I can write the answer.',
  ];
  return steps.join(' ');
}

export interface ToolResult {
  name: string;
  content: string;
}

/** The follow-up answer once `tool` messages have arrived: it quotes what the tools returned. */
export function toolAnswerText(
  random: Random,
  lastUserMessage: string,
  results: readonly ToolResult[],
): string {
  const parts = results.map((r) => {
    const flat = r.content.replace(/\s+/g, ' ').trim();
    const quoted = flat.length > 200 ? `${flat.slice(0, 197)}...` : flat;
    return `${r.name} returned ${quoted}`;
  });
  const intro = pick(random, [
    'Based on the tool results',
    'Using the tool output',
    'According to the tools',
  ]);
  return `${intro}, here is the answer to "${topicOf(lastUserMessage)}": ${parts.join('; ')}. ${pick(random, CLOSINGS)}`;
}
