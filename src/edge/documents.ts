/**
 * The documents the edge routes answer, as @stigg/node-server-sdk 3.x (api-client-js 3.108.0) sends
 * them over GraphQL: the edge answers the same shapes, as {"data": {...}}. The entitlements state and
 * the active subscriptions are answered as stigg-api-client-v2 6.25.0 asks for them, a superset of
 * the Node SDK's selection that the Python SDK's edge reads validate against (it requires
 * `entitlementsState.__typename`, `entitlementsV2` and the plan's product).
 *
 * Each document is a file of documents/ (`.graphql`): read from there when the sources run (tsx,
 * Vitest), and inlined by the bundle (scripts/bundle.mjs replaces each documentOf call with the
 * file's text), so the published package carries them without the files.
 */
import { readFileSync } from 'node:fs';

/** The text of documents/<name>.graphql. */
const documentOf = (name: string): string => readFileSync(new URL(`./documents/${name}.graphql`, import.meta.url), 'utf8');

export const GET_PAYWALL = documentOf('get-paywall');
export const GET_ENTITLEMENTS = documentOf('get-entitlements');
export const GET_ENTITLEMENT = documentOf('get-entitlement');
export const GET_ENTITLEMENTS_STATE = documentOf('get-entitlements-state');
export const GET_ACTIVE_SUBSCRIPTIONS_LIST = documentOf('get-active-subscriptions-list');
