/**
 * Per-connection caches: WeakMaps keyed by a SQLite connection or its drizzle session (prepared
 * statements, write stamps, the catalog, governance reads, ...). Each is made by connectionCache(),
 * which remembers it, so closing a connection can drop its entries at once (forgetConnection):
 * what a closed environment cached is released even while something still holds its connection.
 */
const caches: WeakMap<object, unknown>[] = [];

/** A WeakMap keyed by a connection (or its session), emptied of that key by forgetConnection(). */
export function connectionCache<K extends object, V>(): WeakMap<K, V> {
  const cache = new WeakMap<K, V>();
  caches.push(cache as unknown as WeakMap<object, unknown>);
  return cache;
}

/** Drop what every per-connection cache keeps for these keys (a closed connection, its session and handle). */
export function forgetConnection(...keys: object[]): void {
  for (const cache of caches) for (const key of keys) cache.delete(key);
}
