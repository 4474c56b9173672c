/**
 * An environment's overview: clock and what is due next, counts, recent activity, snapshots and
 * faults, and the actions (clock, snapshots, reset, faults, fixtures). Every action is a form
 * POSTed to the inspector, which sends it to the control plane and shows its answer.
 */
import type { Fault } from '../../environments/faults.js';
import type { JournalEntry } from '../../environments/journal.js';
import type { SnapshotView } from '../../application/snapshot-service.js';
import type { EnvironmentCounts, WebhookEventItem } from '../inspector-queries.js';
import { Badge, FlashBox, Layout, Time, customerPath, envPath, type Flash } from '../layout.js';

export interface EnvironmentOverview {
  envId: string;
  clock: { now: string; frozen: boolean };
  nextDue: { at: string; kind: string; customerId: string; subscriptionId: string | null; featureId?: string } | null;
  createdAt: string;
  counts: EnvironmentCounts;
  recentRequests: JournalEntry[];
  recentWebhooks: WebhookEventItem[];
  snapshots: SnapshotView[];
  faults: Fault[];
  flash: Flash | null;
  live: string;
}

const ActionForm = ({ envId, action, children, confirm, id }: { envId: string; action: string; children: unknown; confirm?: string; id?: string }) => (
  <form method="post" action={envPath(envId, `/actions/${action}`)} class="row" data-confirm={confirm} id={id}>
    {children}
  </form>
);

export const EnvironmentPage = (p: EnvironmentOverview) => {
  const subs = Object.entries(p.counts.subscriptionsByStatus);
  const form = p.flash?.form ?? {};
  return (
    <Layout title={p.envId} envId={p.envId} section="overview" clock={p.clock} live={p.live}>
      <h1>
        Environment <span class="mono">{p.envId}</span>
      </h1>
      <FlashBox flash={p.flash} />
      <div class="grid">
        <div>
          <div id="live">
            <div class="card">
              <h3>Clock</h3>
              <p>
                <Time at={p.clock.now} /> <Badge value={p.clock.frozen ? 'frozen' : 'running'} kind={p.clock.frozen ? 'Scheduled' : 'ok'} />
              </p>
              <p id="next-due">
                Next due:{' '}
                {p.nextDue ? (
                  <>
                    <Time at={p.nextDue.at} /> <span class="mono">{p.nextDue.kind}</span> for{' '}
                    <a href={customerPath(p.envId, p.nextDue.customerId)} class="mono">
                      {p.nextDue.customerId}
                    </a>
                    {p.nextDue.subscriptionId ? <span class="mono small"> ({p.nextDue.subscriptionId})</span> : null}
                    {p.nextDue.featureId ? <span class="mono small"> ({p.nextDue.featureId})</span> : null}
                  </>
                ) : (
                  <span class="muted">nothing: time changes nothing stored</span>
                )}
              </p>
              <p class="small muted">
                created <Time at={p.createdAt} />
              </p>
            </div>
            <div class="card">
              <h3>Counts</h3>
              <div class="stats">
                <div class="stat">
                  <b>{p.counts.customers}</b>
                  <a href={envPath(p.envId, '/customers')}>customers</a>
                  {p.counts.archivedCustomers ? <span class="small muted"> ({p.counts.archivedCustomers} archived)</span> : null}
                </div>
                {subs.length === 0 ? (
                  <div class="stat">
                    <b>0</b>subscriptions
                  </div>
                ) : (
                  subs.map(([status, n]) => (
                    <div class="stat">
                      <b>{n}</b>
                      <Badge value={status} />
                    </div>
                  ))
                )}
                <div class="stat">
                  <b>{p.counts.plans}</b>
                  <a href={envPath(p.envId, '/catalog')}>plans</a>
                </div>
                <div class="stat">
                  <b>{p.counts.features}</b>features
                </div>
                <div class="stat">
                  <b>{p.counts.webhookEvents}</b>
                  <a href={envPath(p.envId, '/webhooks')}>webhook events</a>
                </div>
                <div class="stat">
                  <b>{p.counts.governanceOwners}</b>
                  <a href={envPath(p.envId, '/governance')}>governance owners</a>
                </div>
              </div>
            </div>
            <div class="card">
              <h3>Recent requests</h3>
              {p.recentRequests.length === 0 ? (
                <p class="muted">none yet</p>
              ) : (
                <table id="recent-requests">
                  <tbody>
                    {p.recentRequests.map((e) => (
                      <tr>
                        <td>
                          <Time at={e.at} />
                        </td>
                        <td class="mono">{e.operationName ?? `${e.method ?? ''} ${e.path ?? ''}`}</td>
                        <td>
                          <Badge value={e.status} />
                        </td>
                        <td class="mono small">{e.errorCodes.join(', ')}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
              <p>
                <a href={envPath(p.envId, '/journal')}>The whole journal</a>
              </p>
            </div>
            <div class="card">
              <h3>Recent webhook events</h3>
              {p.recentWebhooks.length === 0 ? (
                <p class="muted">none yet</p>
              ) : (
                <table id="recent-webhooks">
                  <tbody>
                    {p.recentWebhooks.map((e) => (
                      <tr>
                        <td>
                          <Time at={e.createdAt} />
                        </td>
                        <td class="mono">{e.type}</td>
                        <td class="small">{e.deliveries.length} deliveries</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </div>
            <div class="card">
              <h3>Snapshots</h3>
              {p.snapshots.length === 0 ? (
                <p class="muted">none</p>
              ) : (
                <table id="snapshots">
                  <tbody>
                    {p.snapshots.map((s) => (
                      <tr>
                        <td class="mono">{s.name}</td>
                        <td>
                          clock <Time at={s.clock.now} />
                        </td>
                        <td>
                          <ActionForm envId={p.envId} action="snapshots/restore">
                            <input type="hidden" name="name" value={s.name} />
                            <button type="submit" class="secondary">
                              Restore
                            </button>
                          </ActionForm>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </div>
            <div class="card">
              <h3>Faults</h3>
              {p.faults.length === 0 ? (
                <p class="muted">none</p>
              ) : (
                <table id="faults">
                  <tbody>
                    {p.faults.map((f) => (
                      <tr>
                        <td class="mono">{f.operation ? `operation ${f.operation}` : `route ${f.route ?? ''}`}</td>
                        <td class="mono small">
                          {[
                            f.errorCode ? `errorCode ${f.errorCode}` : '',
                            f.status ? `status ${f.status}` : '',
                            f.delayMs ? `delay ${f.delayMs} ms` : '',
                            f.times ? `times ${f.times}` : '',
                            f.probability !== undefined ? `probability ${f.probability}` : '',
                          ]
                            .filter(Boolean)
                            .join(', ')}
                        </td>
                        <td class="small">hits {f.hits}</td>
                        <td>
                          <ActionForm envId={p.envId} action="faults/clear">
                            <input type="hidden" name="id" value={f.id} />
                            <button type="submit" class="secondary">
                              Clear
                            </button>
                          </ActionForm>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </div>
          </div>
        </div>
        <div class="actions">
          <div class="card" id="clock-actions">
            <h3>Move the clock</h3>
            <ActionForm envId={p.envId} action="clock" id="advance-form">
              <input type="hidden" name="mode" value="advance" />
              <label>
                advance by <input name="advance" placeholder="P14D" size={10} value={form.advance ?? ''} required />
              </label>
              <label>
                in steps of <input name="step" placeholder="(optional) P1D" size={10} value={form.step ?? ''} />
              </label>
              <button type="submit">Advance</button>
            </ActionForm>
            <ActionForm envId={p.envId} action="clock" id="to-form">
              <input type="hidden" name="mode" value="to" />
              <label>
                to <input name="to" placeholder="2025-03-01T00:00:00Z" size={24} value={form.to ?? ''} required />
              </label>
              <button type="submit">Move</button>
            </ActionForm>
            <ActionForm envId={p.envId} action="clock">
              <input type="hidden" name="mode" value="next" />
              <button type="submit" id="jump-next">
                Jump to the next due transition
              </button>
            </ActionForm>
            <ActionForm envId={p.envId} action="clock">
              <input type="hidden" name="mode" value={p.clock.frozen ? 'unfreeze' : 'freeze'} />
              <button type="submit" class="secondary" id="freeze">
                {p.clock.frozen ? 'Unfreeze' : 'Freeze'}
              </button>
            </ActionForm>
          </div>
          <div class="card">
            <h3>Snapshots and reset</h3>
            <ActionForm envId={p.envId} action="snapshots/take" id="snapshot-form">
              <label>
                name <input name="name" placeholder="before-upgrade" value={form.name ?? ''} required />
              </label>
              <button type="submit">Take snapshot</button>
            </ActionForm>
            <ActionForm envId={p.envId} action="reset" confirm="Reset this environment to the seed? Its data, clock, journal and faults are replaced.">
              <button type="submit" class="danger" id="reset">
                Reset to the seed
              </button>
            </ActionForm>
          </div>
          <div class="card">
            <h3>Add a fault</h3>
            <ActionForm envId={p.envId} action="faults/add" id="fault-form">
              <select name="target">
                <option value="operation" selected={form.target !== 'route'}>
                  GraphQL operation
                </option>
                <option value="route" selected={form.target === 'route'}>
                  REST route (governance, edge, v1-beta)
                </option>
              </select>
              <input name="match" placeholder="ReportUsage" size={16} value={form.match ?? ''} required />
              <input name="errorCode" placeholder="error code" size={14} value={form.errorCode ?? ''} />
              <input name="status" placeholder="HTTP status" size={6} value={form.status ?? ''} />
              <input name="delayMs" placeholder="delay ms" size={6} value={form.delayMs ?? ''} />
              <input name="times" placeholder="times" size={4} value={form.times ?? ''} />
              <input name="probability" placeholder="probability" size={6} value={form.probability ?? ''} />
              <input name="message" placeholder="message" size={16} value={form.message ?? ''} />
              <button type="submit">Add fault</button>
            </ActionForm>
            <ActionForm envId={p.envId} action="faults/clear">
              <button type="submit" class="secondary">
                Clear every fault
              </button>
            </ActionForm>
          </div>
          <div class="card">
            <h3>Load fixtures</h3>
            <form method="post" action={envPath(p.envId, '/actions/fixtures')} id="fixtures-form">
              <textarea name="fixtures" placeholder={'customers:\n  - id: customer-new\n    name: New customer'} spellcheck={false}>
                {form.fixtures ?? ''}
              </textarea>
              <button type="submit">Load (YAML or JSON)</button>
            </form>
          </div>
        </div>
      </div>
    </Layout>
  );
};
