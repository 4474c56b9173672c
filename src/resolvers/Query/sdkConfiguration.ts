import { sdkConfiguration as configuration } from '../../catalog/sdk-configuration.js';
import type { Resolver } from '../context.js';

export const sdkConfiguration: Resolver = () => configuration();
