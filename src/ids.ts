/** The shapes of ids: what a customer id and a catalog entity id may be (the fixtures' schema and the services check the same). */

/** A customer id: a letter or digit, then letters, digits, `_`, `|`, `.`, `@` or `-`. */
export const CUSTOMER_ID_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9_|.@-]*$/;
/** A catalog entity id (plan, add-on, feature, coupon, ...): as a customer id, without `@`. */
export const ENTITY_ID_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9_|.-]*$/;
