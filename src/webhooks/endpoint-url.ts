/**
 * Webhook endpoint URLs: absolute `http:` or `https:` URLs without userinfo. Any other scheme
 * (`file:`, `ftp:`, `data:`, ...) could never be delivered to, and a password in the URL would be
 * stored, listed and logged with the endpoint; both are refused where an endpoint is added (the
 * control plane, fixtures, imports).
 */

/** Why `url` cannot be a webhook endpoint, or null when it can. */
export function endpointUrlProblem(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'must be an absolute http or https URL';
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return `must be an http or https URL (not ${parsed.protocol})`;
  if (parsed.username !== '' || parsed.password !== '') return 'must not carry a user name or password';
  return null;
}
