/**
 * The REST API's coverage: each method of Stigg's REST SDK (as its api.md lists it) matched to the
 * emulator's declaration of it: served, not supported (501, with the reason) or missing; and, for
 * a served one, whether the SDK suites exercise it (a `describe('<sdk name>'` in the TypeScript
 * REST SDK suite; a call `<resource>.<method>(` in the Python one).
 */
import type { RestMethodDeclaration } from './route.js';

export interface ReferenceMethod {
  sdk: string;
  method: string;
  path: string;
}

export interface CoverageRow extends ReferenceMethod {
  status: 'served' | 'notSupported' | 'missing';
  reason?: string;
  typescriptTest: boolean;
  pythonTest: boolean;
}

/** `v1Beta.customers.paymentMethod.attach` → `v1_beta.customers.payment_method.attach` (the Python SDK's names). */
export const pythonPathOf = (sdk: string): string =>
  sdk
    .split('.')
    .map((part) => part.replace(/[A-Z]/g, (ch) => `_${ch.toLowerCase()}`))
    .map((part) => (PYTHON_KEYWORDS.has(part) ? `${part}_` : part))
    .join('.');

/** Names the Python SDK suffixes with `_` (`customers.import_`). */
const PYTHON_KEYWORDS = new Set(['import', 'from', 'in', 'is', 'global', 'pass', 'del']);

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function restCoverage(reference: readonly ReferenceMethod[], declared: readonly RestMethodDeclaration[], suites: { typescript: string; python: string }) {
  const byKey = new Map(declared.map((d) => [`${d.method} ${d.path}`, d]));
  const methods: CoverageRow[] = reference.map((r) => {
    const d = byKey.get(`${r.method} ${r.path}`);
    const typescriptTest = new RegExp(`describe\\(\\s*['"\`]${escape(r.sdk)}['"\`]`).test(suites.typescript);
    // a Python call names the method by its resource and name (`payment_method.attach(`), or through
    // a variable holding the resource (`payment = client.v1.customers.payment_method`, `payment.attach(`)
    const [resource, method] = pythonPathOf(r.sdk).split('.').slice(-2) as [string, string];
    const pythonTest =
      new RegExp(`\\b${escape(resource)}\\.${escape(method)}\\(`).test(suites.python) ||
      (new RegExp(`\\.${escape(resource)}\\s*$`, 'm').test(suites.python) && new RegExp(`\\.${escape(method)}\\(`).test(suites.python));
    if (!d) return { ...r, status: 'missing', typescriptTest, pythonTest };
    if (d.kind === 'notSupported') return { ...r, status: 'notSupported', reason: d.reason, typescriptTest, pythonTest };
    return { ...r, status: 'served', typescriptTest, pythonTest };
  });
  const referenced = new Set(reference.map((r) => `${r.method} ${r.path}`));
  const unknown = declared.filter((d) => !referenced.has(`${d.method} ${d.path}`)).map((d) => ({ sdk: d.sdk, method: d.method, path: d.path }));
  const served = methods.filter((m) => m.status === 'served');
  return {
    methods,
    unknown,
    counts: {
      served: served.length,
      servedWithTypescriptTest: served.filter((m) => m.typescriptTest).length,
      servedWithPythonTest: served.filter((m) => m.pythonTest).length,
      notSupported: methods.filter((m) => m.status === 'notSupported').length,
      missing: methods.filter((m) => m.status === 'missing').length,
      unknown: unknown.length,
    },
  };
}

/** The coverage as a Markdown table (docs/rest.md carries it between its rest-methods markers). */
export function coverageMarkdown(report: ReturnType<typeof restCoverage>): string {
  const c = report.counts;
  const lines = [
    `${report.methods.length} methods of the REST SDK: ${c.served} served, ${c.notSupported} answered 501, ${c.missing} missing.`,
    '',
    '| SDK method | HTTP | status |',
    '| --- | --- | --- |',
    ...report.methods.map((m) => {
      const status = m.status === 'served' ? 'served' : m.status === 'notSupported' ? `501: ${m.reason}` : 'missing';
      return `| \`${m.sdk}\` | \`${m.method.toUpperCase()} ${m.path}\` | ${status.replace(/\|/g, '\\|')} |`;
    }),
  ];
  return lines.join('\n');
}
