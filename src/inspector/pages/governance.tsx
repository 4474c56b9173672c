/** The governance tree of one owner: entities in hierarchy order with their budgets and utilisation bars. */
import type { TreeNode } from '../../governance/governance-management.js';
import { Layout, Time, customerPath, envPath } from '../layout.js';

export const GovernancePage = ({ envId, owners, owner, nodes, clock, live }: { envId: string; owners: string[]; owner: string | null; nodes: TreeNode[]; clock: { now: string; frozen: boolean }; live: string }) => (
  <Layout title={`Governance - ${envId}`} envId={envId} section="governance" clock={clock} live={live}>
    <h1>Governance</h1>
    {owners.length === 0 ? (
      <p class="card muted">No governance entity in this environment.</p>
    ) : (
      <form method="get" action={envPath(envId, '/governance')} class="row">
        <label>
          owner{' '}
          <select name="owner">
            {owners.map((o) => (
              <option value={o} selected={o === owner}>
                {o}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" class="secondary">
          Show
        </button>
        {owner ? (
          <a href={customerPath(envId, owner)} class="small">
            the customer
          </a>
        ) : null}
      </form>
    )}
    <div id="live">
      {owner !== null ? (
        <table class="tree" id="governance-tree">
          <thead>
            <tr>
              <th>Entity</th>
              <th>Type</th>
              <th>Budgets (current period)</th>
            </tr>
          </thead>
          <tbody>
            {nodes.map((n) => (
              <tr data-entity={n.entity.id}>
                <td class={`entity indent-${Math.min(n.depth, 5)}`}>
                  <span class="mono">{n.entity.id}</span>
                  {n.entity.displayName ? <div class="small muted">{n.entity.displayName}</div> : null}
                </td>
                <td class="small">{n.entity.entityTypeId}</td>
                <td>
                  {n.budgets.length === 0 ? <span class="small muted">no budget</span> : null}
                  {n.budgets.map((b) => (
                    <div class="small budget" data-capability={b.assignment.capabilityId}>
                      <span class="mono">{b.assignment.capabilityId}</span>
                      {b.assignment.scopeEntityIds.length > 0 ? <span class="muted"> scoped to {b.assignment.scopeEntityIds.join(', ')}</span> : null}:{' '}
                      {b.assignment.usageLimit === null ? (
                        <>{b.currentUsage} used, no cap</>
                      ) : (
                        <>
                          <progress max={100} value={Math.min(100, Math.round((b.utilization ?? 0) * 100))}>
                            {Math.round((b.utilization ?? 0) * 100)}%
                          </progress>{' '}
                          {b.currentUsage} / {b.assignment.usageLimit} ({Math.round((b.utilization ?? 0) * 1000) / 10}%)
                        </>
                      )}
                      <span class="muted">
                        {' '}
                        {b.assignment.cadence}, <Time at={b.period.start} /> → <Time at={b.period.end} />
                      </span>
                    </div>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </div>
  </Layout>
);
