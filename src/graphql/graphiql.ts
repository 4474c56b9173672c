/**
 * The GraphiQL page, served entirely from the package (no CDN): yoga's packaged GraphiQL renderer
 * (@graphql-yoga/render-graphiql), rendered once at build into dist/graphiql.html, with the
 * `X-API-KEY: server-local` header preset. From the sources (tsx, tests) it is rendered on first use.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../paths.js';
import options from './graphiql-options.json' with { type: 'json' };

declare const __STIGG_EMULATOR_BUNDLED__: boolean | undefined;
const BUNDLED = typeof __STIGG_EMULATOR_BUNDLED__ !== 'undefined' && __STIGG_EMULATOR_BUNDLED__;

export const GRAPHIQL_OPTIONS = options;
export const GRAPHIQL_FILE = join(PACKAGE_ROOT, 'dist', 'graphiql.html');

let page: Promise<string> | undefined;

async function render(): Promise<string> {
  if (BUNDLED) return readFileSync(GRAPHIQL_FILE, 'utf8');
  // from the sources: the renderer is a development dependency (its module is ~9 MB, loaded only here)
  const specifier = '@graphql-yoga/render-graphiql';
  try {
    const { renderGraphiQL } = (await import(specifier)) as { renderGraphiQL: (opts: unknown) => string };
    return renderGraphiQL(GRAPHIQL_OPTIONS);
  } catch (error) {
    if (existsSync(GRAPHIQL_FILE)) return readFileSync(GRAPHIQL_FILE, 'utf8');
    throw error;
  }
}

/** The page's HTML, read or rendered once per process. */
export function graphiqlPage(): Promise<string> {
  page ??= render().catch((error: unknown) => {
    page = undefined;
    throw error;
  });
  return page;
}
