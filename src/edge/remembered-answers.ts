/**
 * The edge's answers remembered per connection until the next write: an answer is a pure function
 * of the stored facts and now, so one computed at a write stamp and an instant holds, text for
 * text, for every request at that stamp whose now falls in the span it was computed for (from its
 * instant up to the first instant at which time alone changes it). A write moves the stamp and
 * forgets every answer of the connection; a replaced database is another connection.
 */
import type { Sqlite } from '../db/open-database.js';
import { connectionCache } from '../db/connection-caches.js';
import { writeStamp } from '../db/write-stamp.js';

interface Remembered {
  /** the span of instants the answer holds for: [fromMs, untilMs) */
  fromMs: number;
  untilMs: number;
  text: string;
}

interface ConnectionAnswers {
  stamp: number;
  answers: Map<string, Remembered>;
}

/** How many answers a connection remembers between two writes; past it, the memory starts again. */
const MAX_ANSWERS = 10_000;
/** Only answers up to this length are remembered (about 1,000 entitlements), so the memory stays bounded. */
const MAX_ANSWER_LENGTH = 1 << 20;

const remembered = connectionCache<Sqlite, ConnectionAnswers>();

/** The answers of the connection's current stamp (a new, empty memory when the stamp moved). */
function answersOf(sqlite: Sqlite): ConnectionAnswers {
  const stamp = writeStamp(sqlite);
  let current = remembered.get(sqlite);
  if (!current || current.stamp !== stamp) {
    current = { stamp, answers: new Map() };
    remembered.set(sqlite, current);
  }
  return current;
}

/**
 * The answer `key` has at now: remembered, or computed by `compute` (its text, or null when it is
 * not to be remembered, with the instant up to which it holds) and remembered. Inside a
 * transaction (what it reads may be rolled back) every answer is computed.
 */
export function rememberedAnswer(
  sqlite: Sqlite,
  key: string,
  nowMs: number,
  compute: () => { text: string | null; untilMs: number },
): { text: string | null } {
  if (sqlite.inTransaction) return { text: compute().text };
  const current = answersOf(sqlite);
  const hit = current.answers.get(key);
  if (hit && hit.fromMs <= nowMs && nowMs < hit.untilMs) return hit;
  const computed = compute();
  // remembered only when computing it wrote nothing (the stamp it was read at is still the stamp)
  if (computed.text !== null && computed.text.length <= MAX_ANSWER_LENGTH && writeStamp(sqlite) === current.stamp && remembered.get(sqlite) === current) {
    if (current.answers.size >= MAX_ANSWERS) current.answers.clear();
    current.answers.set(key, { fromMs: nowMs, untilMs: computed.untilMs, text: computed.text });
  }
  return computed;
}
