/**
 * The billing currencies of Stigg's REST API: the Currency enum of Stigg's GraphQL schema, in lower
 * case (the REST API's spelling; the emulator stores the GraphQL one, upper case).
 */
export const BILLING_CURRENCIES = [
  'aed', 'all', 'amd', 'ang', 'aud', 'awg', 'azn', 'bam', 'bbd', 'bdt', 'bgn', 'bif', 'bmd', 'bnd', 'brl', 'bsd',
  'bwp', 'byn', 'bzd', 'cad', 'cdf', 'chf', 'clp', 'cny', 'czk', 'djf', 'dkk', 'dop', 'dzd', 'egp', 'etb', 'eur',
  'fjd', 'gbp', 'gel', 'gip', 'gmd', 'gnf', 'gyd', 'hkd', 'hrk', 'htg', 'idr', 'ils', 'inr', 'isk', 'jmd', 'jpy',
  'kes', 'kgs', 'khr', 'kmf', 'krw', 'kyd', 'kzt', 'lbp', 'lkr', 'lrd', 'lsl', 'mad', 'mdl', 'mga', 'mkd', 'mmk',
  'mnt', 'mop', 'mro', 'mvr', 'mwk', 'mxn', 'myr', 'mzn', 'nad', 'ngn', 'nok', 'npr', 'nzd', 'pgk', 'php', 'pkr',
  'pln', 'pyg', 'qar', 'ron', 'rsd', 'rub', 'rwf', 'sar', 'sbd', 'scr', 'sek', 'sgd', 'sle', 'sll', 'sos', 'szl',
  'thb', 'tjs', 'top', 'try', 'ttd', 'tzs', 'uah', 'ugx', 'usd', 'uzs', 'vnd', 'vuv', 'wst', 'xaf', 'xcd', 'xof',
  'xpf', 'yer', 'zar', 'zmw',
] as const;
