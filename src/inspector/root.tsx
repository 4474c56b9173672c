/** GET /: what this server is, with links (HTML for a browser, JSON otherwise). */
import type { Context } from 'hono';
import { UI } from './layout.js';

const LINKS: [string, string, string][] = [
  ['inspector', UI, 'the inspector: environments, customers, timelines, journal, webhooks, governance'],
  ['graphql', '/graphql', "Stigg's GraphQL API (GraphiQL in a browser)"],
  ['controlPlane', '/_emulator/info', 'the control plane: versions, settings, environments'],
  ['governance', '/governance', 'the Governance API'],
];

export function rootPage(version: string) {
  return (c: Context) => {
    if (!(c.req.header('accept') ?? '').includes('text/html')) {
      return c.json({ name: 'stigg-emulator', version, ...Object.fromEntries(LINKS.map(([key, path]) => [key, path])) });
    }
    const page = (
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <title>stigg-emulator</title>
          <link rel="icon" href="/favicon.ico" />
      <link rel="stylesheet" href={`${UI}/assets/inspector.css`} />
        </head>
        <body>
          <main>
            <h1>stigg-emulator {version}</h1>
            <ul>
              {LINKS.map(([, path, text]) => (
                <li>
                  <a href={path} class="mono">
                    {path}
                  </a>{' '}
                  {text}
                </li>
              ))}
            </ul>
          </main>
        </body>
      </html>
    );
    return c.html(`<!doctype html>${String(page)}`);
  };
}
