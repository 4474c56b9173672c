/**
 * Request body limits (Hono's bodyLimit) on every route, checked before the body is read: the
 * Content-Length first, then the bytes as they stream in. `POST .../fixtures` and `POST .../import`
 * allow more (--max-import-body-size) than everything else (--max-body-size).
 */
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';

const LARGE_BODY_ROUTE = /^\/_emulator\/environments\/[^/]+\/(fixtures|import)\/?$/;

const human = (bytes: number) => (bytes % (1024 * 1024) === 0 ? `${bytes / (1024 * 1024)} MiB` : bytes % 1024 === 0 ? `${bytes / 1024} KiB` : `${bytes} bytes`);

export function requestBodyLimits(limits: { maxBodySize: number; maxImportBodySize: number }): MiddlewareHandler {
  const limit = (maxSize: number, setting: string) =>
    bodyLimit({
      maxSize,
      onError: (c) => {
        const message = `request body larger than ${human(maxSize)} (emulator setting --${setting})`;
        // GraphQL clients read errors[]; everything else reads the REST error
        if (c.req.path === '/graphql') return c.json({ errors: [{ message, extensions: { code: 'BadUserInput', limit: 'maxBodySize' } }] }, 413);
        return c.json({ error: { code: 'PayloadTooLarge', message } }, 413);
      },
    });
  const normal = limit(limits.maxBodySize, 'max-body-size');
  const large = limit(limits.maxImportBodySize, 'max-import-body-size');
  return (c, next) => (LARGE_BODY_ROUTE.test(c.req.path) ? large(c, next) : normal(c, next));
}
