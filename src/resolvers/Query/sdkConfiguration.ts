import type { Resolver } from '../context.js';

/** The SDKs read this at start: no error reporting to Sentry, no widget watermark. */
export const sdkConfiguration: Resolver = () => ({ sentryDsn: null, isWidgetWatermarkEnabled: false, showWatermark: false });
