/**
 * The generated Operation construct types `requestedAt` as a `Date`, but cdk8s cannot
 * render one: its sanitizer rejects any object that is not a plain `{}` ("can't render
 * non-simple object of type 'Date'"), before the generated serializer gets to call
 * `toISOString()`. A `Date` would also rewrite the timestamp (offset to `Z`,
 * nanoseconds cut to milliseconds), while the intents promise it is kept as given.
 */

/**
 * A plain object that stands in for the `Date` the generated Operation types ask for:
 * it is all the generated serializer uses (`toISOString()`), it passes cdk8s's
 * sanitizer (a plain object whose only member is a function), and it renders
 * `text` unchanged.
 */
export function timestampAsGiven(text: string): Date {
  const stand: Pick<Date, 'toISOString'> = { toISOString: () => text };
  return stand as Date;
}
