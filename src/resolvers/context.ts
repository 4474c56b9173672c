import type { Environment } from '../environments/environment.js';
import type { KeyType } from '../application/registry.js';

/** What every resolver receives. `nowMs` is pinned once per request: every field sees one instant. */
export interface GraphQLContext {
  env: Environment;
  keyType: KeyType;
  nowMs: number;
  /** the origin the request reached (for links the emulator hands out, e.g. a checkout page) */
  origin?: string;
}

/** The emulator's checkout page of a PAYMENT_REQUIRED provisioning. */
export const checkoutUrl = (ctx: GraphQLContext, checkoutId: string): string =>
  `${ctx.origin ?? 'http://127.0.0.1:4000'}/_emulator/environments/${encodeURIComponent(ctx.env.id)}/checkouts/${encodeURIComponent(checkoutId)}`;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Resolver<TParent = any, TArgs = any, TResult = unknown> = (
  parent: TParent,
  args: TArgs,
  context: GraphQLContext,
) => TResult;

export type TypeResolvers = Record<string, Resolver>;

/** A Subscription root field: `subscribe` answers an async iterator of root values (`{ [field]: payload }`). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export interface SubscriptionResolver<TArgs = any> {
  subscribe: (parent: unknown, args: TArgs, context: GraphQLContext) => AsyncIterable<unknown>;
}
