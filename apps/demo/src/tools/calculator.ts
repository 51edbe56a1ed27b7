// A small recursive-descent parser for arithmetic, so the demo's calculator tool never evaluates code
// the model wrote. Grammar:
//   expr   := term (('+' | '-') term)*
//   term   := factor (('*' | '/' | '%') factor)*
//   factor := unary ('^' factor)?          (right-associative power)
//   unary  := ('+' | '-') unary | primary
//   primary:= number | '(' expr ')' | name '(' expr ')' | constant

export class CalculatorError extends Error {
  override name = 'CalculatorError';
}

const FUNCTIONS: Record<string, (x: number) => number> = {
  sqrt: Math.sqrt,
  abs: Math.abs,
  sin: Math.sin,
  cos: Math.cos,
  tan: Math.tan,
  ln: Math.log,
  log: Math.log10,
  round: Math.round,
  floor: Math.floor,
  ceil: Math.ceil,
};

const CONSTANTS: Record<string, number> = { pi: Math.PI, e: Math.E };

type Token = { kind: 'num'; value: number } | { kind: 'op'; value: string } | { kind: 'name'; value: string };

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (/[0-9.]/.test(c)) {
      const match = /^(\d+\.?\d*|\.\d+)(e[+-]?\d+)?/i.exec(source.slice(i));
      if (!match) throw new CalculatorError(`Bad number at position ${i + 1}`);
      tokens.push({ kind: 'num', value: Number(match[0]) });
      i += match[0].length;
    } else if (/[a-z]/i.test(c)) {
      const match = /^[a-z]+/i.exec(source.slice(i))!;
      tokens.push({ kind: 'name', value: match[0].toLowerCase() });
      i += match[0].length;
    } else if ('+-*/%^()×÷'.includes(c)) {
      tokens.push({ kind: 'op', value: c === '×' ? '*' : c === '÷' ? '/' : c });
      i++;
    } else {
      throw new CalculatorError(`Unexpected "${c}" at position ${i + 1}`);
    }
  }
  return tokens;
}

export function evaluate(expression: string): number {
  if (expression.length > 500) throw new CalculatorError('Expression too long');
  const tokens = tokenize(expression);
  let pos = 0;
  let depth = 0;

  const peek = (): Token | undefined => tokens[pos];
  const isOp = (value: string): boolean => {
    const t = peek();
    return t?.kind === 'op' && t.value === value;
  };
  const expect = (value: string): void => {
    if (!isOp(value)) throw new CalculatorError(`Expected "${value}"`);
    pos++;
  };

  const expr = (): number => {
    if (++depth > 100) throw new CalculatorError('Expression nested too deeply');
    let value = term();
    while (isOp('+') || isOp('-')) {
      const op = (tokens[pos++] as { value: string }).value;
      const right = term();
      value = op === '+' ? value + right : value - right;
    }
    depth--;
    return value;
  };
  const term = (): number => {
    let value = factor();
    while (isOp('*') || isOp('/') || isOp('%')) {
      const op = (tokens[pos++] as { value: string }).value;
      const right = factor();
      if ((op === '/' || op === '%') && right === 0) throw new CalculatorError('Division by zero');
      value = op === '*' ? value * right : op === '/' ? value / right : value % right;
    }
    return value;
  };
  const factor = (): number => {
    const base = unary();
    if (isOp('^')) {
      pos++;
      return base ** factor();
    }
    return base;
  };
  const unary = (): number => {
    if (isOp('-')) {
      pos++;
      return -unary();
    }
    if (isOp('+')) {
      pos++;
      return unary();
    }
    return primary();
  };
  const primary = (): number => {
    const t = peek();
    if (!t) throw new CalculatorError('Unexpected end of expression');
    if (t.kind === 'num') {
      pos++;
      return t.value;
    }
    if (t.kind === 'op' && t.value === '(') {
      pos++;
      const value = expr();
      expect(')');
      return value;
    }
    if (t.kind === 'name') {
      pos++;
      // Own properties only: `constructor` or `__proto__` must not reach Object.prototype.
      const fn = Object.hasOwn(FUNCTIONS, t.value) ? FUNCTIONS[t.value] : undefined;
      if (fn) {
        expect('(');
        const arg = expr();
        expect(')');
        return fn(arg);
      }
      const constant = Object.hasOwn(CONSTANTS, t.value) ? CONSTANTS[t.value] : undefined;
      if (constant !== undefined) return constant;
      throw new CalculatorError(`Unknown name "${t.value}"`);
    }
    throw new CalculatorError(`Unexpected "${t.value}"`);
  };

  if (tokens.length === 0) throw new CalculatorError('Empty expression');
  const result = expr();
  if (pos < tokens.length) throw new CalculatorError(`Unexpected "${String(tokens[pos]?.value)}"`);
  if (!Number.isFinite(result)) throw new CalculatorError('Result is not a finite number');
  return result;
}
