/**
 * The v1-beta methods of the REST SDKs: served by the governance routes
 * (src/governance/routes/rest-beta.ts, docs/governance.md), listed here for the REST coverage and
 * the OpenAPI document.
 */
import { external, type RestMethodDeclaration } from './route.js';

const by = 'governance routes (docs/governance.md)';

export const v1BetaMethods: RestMethodDeclaration[] = [
  external('v1.events.beta.customers.retrieveGovernance', 'get', '/api/v1-beta/customers/{id}/governance', "A customer's governance tree or budgets, with usage", by),
  external('v1Beta.customers.entitlements.check', 'get', '/api/v1-beta/customers/{id}/entitlements/check', 'Check an entitlement, with governance chains', by),
  external('v1Beta.customers.entities.retrieve', 'get', '/api/v1-beta/customers/{id}/entities/{entityId}', 'Retrieve an entity', by),
  external('v1Beta.customers.entities.list', 'get', '/api/v1-beta/customers/{id}/entities', "List a customer's entities", by),
  external('v1Beta.customers.entities.archive', 'post', '/api/v1-beta/customers/{id}/entities/archive', 'Archive entities', by),
  external('v1Beta.customers.entities.unarchive', 'post', '/api/v1-beta/customers/{id}/entities/unarchive', 'Unarchive entities', by),
  external('v1Beta.customers.entities.upsert', 'put', '/api/v1-beta/customers/{id}/entities', 'Create or update entities', by),
  external('v1Beta.customers.assignments.list', 'get', '/api/v1-beta/customers/{id}/assignments', 'List budget assignments', by),
  external('v1Beta.customers.assignments.upsert', 'put', '/api/v1-beta/customers/{id}/assignments', 'Create or update budget assignments', by),
  external('v1Beta.entityTypes.list', 'get', '/api/v1-beta/entity-types', 'List entity types', by),
  external('v1Beta.entityTypes.upsert', 'put', '/api/v1-beta/entity-types', 'Create or update entity types', by),
];
