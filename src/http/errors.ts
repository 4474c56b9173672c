import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { ZodError } from 'zod';
import { EmulatorError, storageFailure, toRestError } from '../errors.js';
import type { Logger } from '../logging/logger.js';

/** The one REST error mapping: {"error":{"code","message"}} with the matching status. */
export function restErrorHandler(logger: Logger) {
  return (thrown: Error, c: Context) => {
    // a failed write to the data directory (disk full) answers 507 naming the cause
    const error = storageFailure(thrown) ?? thrown;
    if (error instanceof EmulatorError) {
      const { status, body } = toRestError(error);
      return c.json(body, status as 400);
    }
    // a middleware's refusal (bearer auth, body limit) carries its own REST error response
    if (error instanceof HTTPException) return error.getResponse();
    if (error instanceof ZodError) {
      const message = error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ');
      return c.json({ error: { code: 'BadUserInput', message } }, 400);
    }
    logger.error({ err: error, path: c.req.path }, 'unexpected error');
    return c.json({ error: { code: 'UnexpectedError', message: 'Unexpected error' } }, 500);
  };
}

export function notFoundHandler(c: Context) {
  return c.json({ error: { code: 'NotFound', message: `no route ${c.req.method} ${c.req.path}` } }, 404);
}
