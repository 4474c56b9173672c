/** What the SDKs read at start: no error reporting to Sentry, no widget watermark. */
export function sdkConfiguration() {
  return { sentryDsn: null, isWidgetWatermarkEnabled: false, showWatermark: false };
}
