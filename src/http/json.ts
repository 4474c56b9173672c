import type { Context } from 'hono';
import { badInput } from '../errors.js';

/** The request body as JSON; malformed JSON is a 400 BadUserInput. */
export async function parseJsonBody(c: Context): Promise<unknown> {
  const text = await c.req.text();
  if (!text.trim()) return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw badInput('malformed JSON body');
  }
}
