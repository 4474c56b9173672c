/** A new subscription's id: Stigg's shape, drawn again while the id is taken (six hex digits collide once in a few thousand). */
import { describe, expect, it } from 'vitest';
import { newSubscriptionId } from '../../src/subscriptions/subscription-writes.js';

describe('newSubscriptionId', () => {
  it("has Stigg's shape: subscription-<plan>-<6 hex digits>", () => {
    expect(newSubscriptionId('plan-basic', () => false)).toMatch(/^subscription-plan-basic-[0-9a-f]{6}$/);
  });

  it('draws again while the id is taken, and answers the first free one', () => {
    const drawn: string[] = [];
    const id = newSubscriptionId('plan-basic', (candidate) => {
      drawn.push(candidate);
      return drawn.length < 3;
    });
    expect(drawn).toHaveLength(3);
    expect(id).toBe(drawn[2]);
  });
});
