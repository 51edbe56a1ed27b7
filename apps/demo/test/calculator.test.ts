import { describe, expect, it } from 'vitest';
import { CalculatorError, evaluate } from '../src/tools/calculator';

describe('calculator', () => {
  it.each([
    ['1 + 2 * 3', 7],
    ['(1 + 2) * 3', 9],
    ['(12 + 30) * 2', 84],
    ['2 ^ 3 ^ 2', 512],
    ['-2 ^ 2', 4],
    ['10 / 4', 2.5],
    ['10 % 4', 2],
    ['sqrt(16) + abs(-3)', 7],
    ['1.5e3 - .5', 1499.5],
    ['12 × 3 ÷ 4', 9],
    ['--3', 3],
    ['round(pi * 100)', 314],
  ])('%s = %d', (expression, expected) => {
    expect(evaluate(expression)).toBeCloseTo(expected, 10);
  });

  it.each([
    ['', 'Empty expression'],
    ['1 +', 'Unexpected end'],
    ['(1 + 2', 'Expected ")"'],
    ['1 / 0', 'Division by zero'],
    ['alert(1)', 'Unknown name "alert"'],
    ['constructor', 'Unknown name'],
    ['__proto__', 'Unexpected "_"'],
    ['valueOf', 'Unknown name'],
    ['1; process.exit()', 'Unexpected ";"'],
    ['2 3', 'Unexpected "3"'],
    ['10 ^ 400', 'not a finite number'],
  ])('refuses %j with a clear error', (expression, message) => {
    expect(() => evaluate(expression)).toThrow(CalculatorError);
    expect(() => evaluate(expression)).toThrow(message);
  });

  it('refuses absurdly nested input instead of overflowing the stack', () => {
    expect(() => evaluate(`${'('.repeat(200)}1${')'.repeat(200)}`)).toThrow(CalculatorError);
  });
});
