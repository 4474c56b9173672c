/** The list of environments: each one's clock, counts and last activity. */
import { Layout, Time, envPath } from '../layout.js';

export interface EnvironmentSummary {
  id: string;
  /** open: in memory now; on-disk: kept in the data directory, not open; seed: declared, created on first use */
  state: 'open' | 'on-disk' | 'seed' | 'broken';
  /** broken: why it cannot be opened (reset or delete it) */
  error?: string;
  clock?: { now: string; frozen: boolean };
  customers?: number;
  liveSubscriptions?: number;
  requests?: number;
  faults?: number;
  lastActivity?: { at: string; operationName: string | null; transport: string } | null;
}

export const EnvironmentsPage = ({ environments, version, live }: { environments: EnvironmentSummary[]; version: string; live: string }) => (
  <Layout title="Environments" live={live}>
    <h1>Environments</h1>
    <p class="muted">
      stigg-emulator {version}. An environment is created on the first request with its key (<code>server-&lt;id&gt;</code>) and seeded from the
      fixtures.
    </p>
    <div id="live">
      {environments.length === 0 ? (
        <p class="card">No environment yet.</p>
      ) : (
        <table id="environments">
          <thead>
            <tr>
              <th>Environment</th>
              <th>Clock</th>
              <th>Customers</th>
              <th>Live subscriptions</th>
              <th>Requests</th>
              <th>Faults</th>
              <th>Last activity</th>
            </tr>
          </thead>
          <tbody>
            {environments.map((e) => (
              <tr data-environment={e.id}>
                <td>
                  <a href={envPath(e.id)} class="mono">
                    {e.id}
                  </a>
                  {e.state === 'seed' ? <div class="small muted">not created yet: opening it creates it from the seed</div> : null}
                  {e.state === 'on-disk' ? <div class="small muted">in the data directory, not open</div> : null}
                  {e.state === 'broken' ? <div class="small"><span class="badge error">broken</span> {e.error}</div> : null}
                </td>
                <td>
                  {e.clock ? (
                    <>
                      <Time at={e.clock.now} /> {e.clock.frozen ? <span class="badge">frozen</span> : null}
                    </>
                  ) : (
                    <span class="muted">-</span>
                  )}
                </td>
                <td>{e.customers ?? '-'}</td>
                <td>{e.liveSubscriptions ?? '-'}</td>
                <td>{e.requests ?? '-'}</td>
                <td>{e.faults ?? '-'}</td>
                <td>
                  {e.lastActivity ? (
                    <>
                      <Time at={e.lastActivity.at} /> <span class="mono small">{e.lastActivity.operationName ?? e.lastActivity.transport}</span>
                    </>
                  ) : (
                    <span class="muted">none</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  </Layout>
);
