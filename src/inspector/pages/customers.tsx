/** Customers of an environment: search by id, name or email; one page at a time. */
import type { CustomerListItem, Page } from '../inspector-queries.js';
import { Badge, Layout, Pager, Time, customerPath, envPath } from '../layout.js';

export const CustomersPage = ({ envId, search, page, clock, live }: { envId: string; search: string; page: Page<CustomerListItem>; clock: { now: string; frozen: boolean }; live: string }) => (
  <Layout title={`Customers - ${envId}`} envId={envId} section="customers" clock={clock} live={live}>
    <h1>Customers</h1>
    <form method="get" action={envPath(envId, '/customers')} class="row" id="customer-search">
      <input type="search" name="q" value={search} placeholder="id, name or email" size={32} aria-label="search customers" />
      <button type="submit">Search</button>
      {search ? <a href={envPath(envId, '/customers')}>clear</a> : null}
    </form>
    <div id="live">
      <Pager page={page} base={envPath(envId, '/customers')} params={{ q: search || undefined }} />
      {page.items.length === 0 ? (
        <p class="card">{search ? 'No customer matches.' : 'No customers.'}</p>
      ) : (
        <table id="customers">
          <thead>
            <tr>
              <th>Customer</th>
              <th>Name</th>
              <th>Email</th>
              <th>Live subscriptions</th>
              <th>Created</th>
            </tr>
          </thead>
          <tbody>
            {page.items.map(({ customer, liveSubscriptions }) => (
              <tr data-customer={customer.id}>
                <td>
                  <a href={customerPath(envId, customer.id)} class="mono">
                    {customer.id}
                  </a>
                  {customer.archivedAt ? (
                    <>
                      {' '}
                      <Badge value="archived" kind="error" />
                    </>
                  ) : null}
                </td>
                <td>{customer.name ?? ''}</td>
                <td>{customer.email ?? ''}</td>
                <td>
                  {liveSubscriptions.map((s) => (
                    <div>
                      <span class="mono">{s.planId}</span> <Badge value={s.status} />
                    </div>
                  ))}
                </td>
                <td>
                  <Time at={customer.createdAt} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  </Layout>
);
