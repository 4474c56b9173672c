/**
 * `/api/v1/contracts`: billing contracts. Not served: a Stigg contract is a billing contract in the
 * connected billing provider (its billing id and state, its invoices, the custom subscriptions it
 * groups); the emulator has no billing-provider integration and no contract entity.
 */
import { notSupported, type RestMethodDeclaration } from '../route.js';

const REASON =
  'contracts are billing contracts of a connected billing provider (billing state, invoices, the custom subscriptions they group); the emulator has no billing-provider integration and no contract entity';

export const contractRoutes: RestMethodDeclaration[] = [
  notSupported('v1.contracts.create', 'post', '/api/v1/contracts', REASON),
  notSupported('v1.contracts.retrieve', 'get', '/api/v1/contracts/{id}', REASON),
  notSupported('v1.contracts.update', 'patch', '/api/v1/contracts/{id}', REASON),
  notSupported('v1.contracts.list', 'get', '/api/v1/contracts', REASON),
  notSupported('v1.contracts.delete', 'post', '/api/v1/contracts/{id}/archive', REASON),
];
