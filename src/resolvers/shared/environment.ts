import type { GraphQLContext } from '../context.js';

/** The API's Environment object for the emulator environment a request runs in. */
export function environmentObject(_parent: unknown, _args: unknown, ctx: GraphQLContext) {
  const env = ctx.env;
  return {
    id: env.id,
    slug: env.id,
    displayName: env.id,
    description: 'stigg-emulator environment',
    createdAt: env.createdAt,
    isSandbox: true,
    hardenClientAccessEnabled: false,
    signingToken: `emulator-${env.id}`,
    type: 'DEVELOPMENT',
    color: null,
    permanentDeletionDate: null,
    provisionStatus: 'DONE',
    account: null,
    apiKeys: [],
  };
}
