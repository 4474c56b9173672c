/**
 * JSON values the emulator stores as given (metadata) are nested at most MAX_JSON_DEPTH levels:
 * deeper values are refused with BadUserInput before anything walks them recursively (encoding
 * one for storage would otherwise exhaust the stack and answer UnexpectedError).
 */
import { badInput } from './errors.js';

export const MAX_JSON_DEPTH = 32;

/** How deep `value` nests (a scalar is 0, `{}` and `[]` are 1), counting no further than `limit + 1`; iterative. */
export function jsonDepth(value: unknown, limit = MAX_JSON_DEPTH): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    if (current === null || typeof current !== 'object') continue;
    const level = depth + 1;
    if (level > deepest) deepest = level;
    if (level > limit) return level;
    for (const child of Array.isArray(current) ? current : Object.values(current)) stack.push([child, level]);
  }
  return deepest;
}

/** Throws BadUserInput when `value` nests deeper than MAX_JSON_DEPTH levels. */
export function assertJsonDepth(value: unknown, field: string): void {
  if (jsonDepth(value) > MAX_JSON_DEPTH) {
    throw badInput(`${field} is nested deeper than ${MAX_JSON_DEPTH} levels (the emulator's limit for JSON values)`, { field, limit: 'maxJsonDepth' });
  }
}
