/** The request journal: what clients sent and what they got, newest first, filtered by operation, status and text. */
import type { JournalEntry } from '../../environments/journal.js';
import type { Page } from '../inspector-queries.js';
import { Badge, Json, Layout, Pager, Time, envPath } from '../layout.js';

export interface JournalFilter {
  operation: string;
  status: '' | 'ok' | 'error';
  q: string;
}

export const JournalPage = ({ envId, filter, operations, page, clock, live, capacity }: { envId: string; filter: JournalFilter; operations: string[]; page: Page<JournalEntry>; clock: { now: string; frozen: boolean }; live: string; capacity: number }) => (
  <Layout title={`Journal - ${envId}`} envId={envId} section="journal" clock={clock} live={live}>
    <h1>Request journal</h1>
    <p class="muted small">The last {capacity} requests of the environment (GraphQL, edge, governance, REST, clock moves), newest first.</p>
    <form method="get" action={envPath(envId, '/journal')} class="row" id="journal-filter">
      <select name="operation" aria-label="operation">
        <option value="">every operation</option>
        {operations.map((op) => (
          <option value={op} selected={filter.operation === op}>
            {op}
          </option>
        ))}
      </select>
      <select name="status" aria-label="status">
        <option value="" selected={filter.status === ''}>
          any status
        </option>
        <option value="ok" selected={filter.status === 'ok'}>
          ok
        </option>
        <option value="error" selected={filter.status === 'error'}>
          error
        </option>
      </select>
      <input type="search" name="q" value={filter.q} placeholder="text in variables or path" size={24} />
      <button type="submit">Filter</button>
    </form>
    <div id="live">
      <Pager page={page} base={envPath(envId, '/journal')} params={{ operation: filter.operation || undefined, status: filter.status || undefined, q: filter.q || undefined }} />
      {page.items.length === 0 ? (
        <p class="card muted">No request.</p>
      ) : (
        <table id="journal">
          <thead>
            <tr>
              <th>Time</th>
              <th>Transport</th>
              <th>Operation</th>
              <th>Status</th>
              <th>Error codes</th>
              <th>Duration</th>
              <th>Variables</th>
            </tr>
          </thead>
          <tbody>
            {page.items.map((e) => (
              <tr data-operation={e.operationName ?? ''} data-status={e.status}>
                <td>
                  <Time at={e.at} />
                </td>
                <td class="small">{e.transport}</td>
                <td class="mono operation">
                  {e.operationName ?? (e.anonymous ? <span class="anonymous" title="an operation without a name: its type and root fields">{`(anonymous) ${e.anonymous}`}</span> : <span class="muted">{e.transport === 'graphql' ? '(anonymous)' : '-'}</span>)}
                  {e.path ? <div class="small muted">{`${e.method ?? ''} ${e.path}`}</div> : null}
                </td>
                <td>
                  <Badge value={e.status} /> <span class="small muted">{e.httpStatus}</span>
                </td>
                <td class="mono small">{e.errorCodes.join(', ')}</td>
                <td class="small">{e.durationMs} ms</td>
                <td>
                  {e.variables !== undefined ? (
                    <details>
                      <summary>variables</summary>
                      <Json value={e.variables} />
                    </details>
                  ) : null}
                  {e.applied !== undefined ? (
                    <details open>
                      <summary>applied ({e.applied.length})</summary>
                      <Json value={e.applied} />
                    </details>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  </Layout>
);
