/** Webhook events the environment emitted, newest first, with their deliveries; and the endpoints. */
import type { EndpointView } from '../../webhooks/webhook-service.js';
import type { Page, WebhookEventItem } from '../inspector-queries.js';
import { Badge, Json, Layout, Pager, Time, customerPath, envPath } from '../layout.js';

/** The customer an event is about: `customer.id` of subscription, entitlement, usage, promotional and credit events, `customerId`, or the id of a customer.* event. */
export function eventCustomerId(type: string, payload: Record<string, unknown>): string | null {
  const customer = payload.customer as { id?: unknown } | undefined;
  if (customer && typeof customer.id === 'string') return customer.id;
  if (typeof payload.customerId === 'string') return payload.customerId;
  if (type.startsWith('customer.') && typeof payload.id === 'string') return payload.id;
  return null;
}

const deliveryKind = (status: number | null) => (status === null ? 'Scheduled' : status >= 200 && status < 300 ? 'ok' : 'error');

export const WebhooksPage = ({ envId, type, types, page, endpoints, clock, live }: { envId: string; type: string; types: string[]; page: Page<WebhookEventItem>; endpoints: EndpointView[]; clock: { now: string; frozen: boolean }; live: string }) => (
  <Layout title={`Webhooks - ${envId}`} envId={envId} section="webhooks" clock={clock} live={live}>
    <h1>Webhook events</h1>
    <form method="get" action={envPath(envId, '/webhooks')} class="row" id="webhook-filter">
      <select name="type" aria-label="event type">
        <option value="">every type</option>
        {types.map((t) => (
          <option value={t} selected={type === t}>
            {t}
          </option>
        ))}
      </select>
      <button type="submit">Filter</button>
    </form>
    <div id="live">
      <div class="card">
        <h3>Endpoints</h3>
        {endpoints.length === 0 ? (
          <p class="muted small">No endpoint: events are recorded, nothing is delivered. Add one with the fixtures' webhooks or POST /_emulator/environments/{envId}/webhooks/endpoints.</p>
        ) : (
          <table id="endpoints">
            <tbody>
              {endpoints.map((e) => (
                <tr>
                  <td class="mono">{e.url}</td>
                  <td class="small">{e.events ? e.events.join(', ') : 'every event'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      <Pager page={page} base={envPath(envId, '/webhooks')} params={{ type: type || undefined }} />
      {page.items.length === 0 ? (
        <p class="card muted">No event.</p>
      ) : (
        <table id="webhook-events">
          <thead>
            <tr>
              <th>Time</th>
              <th>Type</th>
              <th>Customer</th>
              <th>Deliveries</th>
              <th>Payload</th>
            </tr>
          </thead>
          <tbody>
            {page.items.map((e) => (
              <tr data-type={e.type}>
                <td>
                  <Time at={e.createdAt} />
                  <div class="mono small muted">{e.messageId}</div>
                </td>
                <td class="mono">{e.type}</td>
                <td class="mono small customer">
                  {(() => {
                    const customerId = eventCustomerId(e.type, e.payload);
                    return customerId ? <a href={customerPath(envId, customerId)}>{customerId}</a> : <span class="muted">-</span>;
                  })()}
                </td>
                <td>
                  {e.deliveries.length === 0 ? <span class="small muted">none</span> : null}
                  {e.deliveries.map((d) => (
                    <div class="small">
                      <Badge value={d.status === null ? 'pending' : String(d.status)} kind={deliveryKind(d.status)} /> <span class="mono">{d.url}</span> · {d.attempts} attempts
                      {d.lastAttemptAt ? (
                        <>
                          {' '}
                          · last <Time at={d.lastAttemptAt} />
                        </>
                      ) : null}
                    </div>
                  ))}
                </td>
                <td>
                  <details id={`payload-${e.id}`}>
                    <summary>payload</summary>
                    <Json value={e.payload} />
                  </details>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  </Layout>
);
