/**
 * The page shell and small shared pieces. Everything shown goes through Hono's JSX, which
 * escapes text and attribute values; nothing here uses raw HTML.
 */
import type { Child } from 'hono/jsx';
import type { Page } from './inspector-queries.js';

export const UI = '/_emulator/ui';

export const envPath = (envId: string, sub = ''): string => `${UI}/environments/${encodeURIComponent(envId)}${sub}`;
export const customerPath = (envId: string, customerId: string): string => envPath(envId, `/customers/${encodeURIComponent(customerId)}`);

/** "2025-01-15 00:00:00 UTC" from an ISO instant or epoch ms; "" for null. */
export function when(value: string | number | null | undefined): string {
  if (value === null || value === undefined || value === '') return '';
  const ms = typeof value === 'number' ? value : Date.parse(value);
  if (Number.isNaN(ms)) return String(value);
  return `${new Date(ms).toISOString().replace('T', ' ').replace(/\.000Z$/, 'Z').replace(/Z$/, ' UTC')}`;
}

export const Time = ({ at }: { at: string | number | null | undefined }) =>
  at === null || at === undefined ? <span class="muted">-</span> : <time datetime={typeof at === 'number' ? new Date(at).toISOString() : at}>{when(at)}</time>;

export const Badge = ({ value, kind }: { value: string; kind?: string }) => <span class={`badge ${kind ?? value}`}>{value}</span>;

/** A value as indented JSON in a <pre> (escaped like any text). */
export const Json = ({ value }: { value: unknown }) => <pre>{JSON.stringify(value, null, 2) ?? 'undefined'}</pre>;

export type Section = 'overview' | 'catalog' | 'customers' | 'webhooks' | 'journal' | 'governance';

const SECTIONS: [Section, string, string][] = [
  ['overview', 'Overview', ''],
  ['catalog', 'Catalog', '/catalog'],
  ['customers', 'Customers', '/customers'],
  ['webhooks', 'Webhooks', '/webhooks'],
  ['journal', 'Journal', '/journal'],
  ['governance', 'Governance', '/governance'],
];

export interface LayoutProps {
  title: string;
  envId?: string;
  section?: Section;
  clock?: { now: string; frozen: boolean } | null;
  /** the server-sent events stream the page refreshes from */
  live?: string | null;
  children?: Child;
}

export const Layout = ({ title, envId, section, clock, live, children }: LayoutProps) => (
  <html lang="en">
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <title>{`${title} - stigg-emulator inspector`}</title>
      <link rel="icon" href="/favicon.ico" />
      <link rel="stylesheet" href={`${UI}/assets/inspector.css`} />
      <script src={`${UI}/assets/inspector.js`} defer></script>
    </head>
    <body data-live={live ?? undefined}>
      <header class="top">
        <a class="brand" href={UI}>
          stigg-emulator inspector
        </a>
        {envId !== undefined ? (
          <nav aria-label="environment">
            <a href={UI} class="muted">
              Environments /
            </a>
            <span class="mono">{envId}</span>
            {SECTIONS.map(([key, label, sub]) => (
              <a href={envPath(envId, sub)} class={section === key ? 'active' : undefined}>
                {label}
              </a>
            ))}
          </nav>
        ) : null}
        <div class="status">
          <span class="clock" id="clock">
            {clock ? (
              <>
                clock <Time at={clock.now} /> {clock.frozen ? '(frozen)' : '(running)'}
              </>
            ) : null}
          </span>
          {live ? <span id="live-status">live</span> : null}
        </div>
      </header>
      <main>{children}</main>
    </body>
  </html>
);

/** Previous/next links of a paged list, keeping the other query parameters. */
export const Pager = ({ page, base, params }: { page: Page<unknown>; base: string; params: Record<string, string | undefined> }) => {
  const link = (n: number) => {
    const query = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (v) query.set(k, v);
    query.set('page', String(n));
    return `${base}?${query.toString()}`;
  };
  return (
    <div class="pager">
      {page.page > 1 ? <a href={link(page.page - 1)}>&larr; previous</a> : <span class="muted">&larr; previous</span>}
      <span>
        page {page.page} of {page.pages} ({page.total} in all)
      </span>
      {page.page < page.pages ? <a href={link(page.page + 1)}>next &rarr;</a> : <span class="muted">next &rarr;</span>}
    </div>
  );
};

/** The result of an action: what the control plane answered (applied transitions, error code and message). */
export interface Flash {
  ok: boolean;
  title: string;
  code?: string;
  message?: string;
  details?: unknown;
  /** form values to put back after a refusal (e.g. the pasted fixtures) */
  form?: Record<string, string>;
}

export const FlashBox = ({ flash }: { flash: Flash | null }) =>
  flash ? (
    <div class={`flash ${flash.ok ? 'ok' : 'error'}`} id="flash" role={flash.ok ? 'status' : 'alert'}>
      <div>
        <b>{flash.title}</b>
        {flash.code ? (
          <>
            {' '}
            <span class="code">{flash.code}</span>
          </>
        ) : null}
      </div>
      {flash.message ? <pre class="flash-message">{flash.message}</pre> : null}
      {flash.details !== undefined ? <Json value={flash.details} /> : null}
    </div>
  ) : null;

export const NotFoundPage = ({ title, message, back }: { title: string; message: string; back?: { href: string; label: string } }) => (
  <Layout title={title}>
    <div class="notfound card" id="not-found">
      <h1>{title}</h1>
      <p>{message}</p>
      <p>
        <a href={back?.href ?? UI}>{back?.label ?? 'All environments'}</a>
      </p>
    </div>
  </Layout>
);
