import { utf8Text } from '../crypto/encoding.js';

// What a body given to the CLI becomes, for each kind of sign input.

/** The bytes as UTF-8 text. */
export function bodyText(body: Uint8Array): string {
  return utf8Text(body);
}

/** A JSON webhook's sign input: the body as given, `{}` when there is none. */
export function jsonSignInput(body: Uint8Array): { body: string } {
  return { body: body.length === 0 ? '{}' : bodyText(body) };
}

/** Form fields from a body given as a form or as a JSON object of strings. */
export function formFields(body: Uint8Array): Record<string, string> {
  const text = bodyText(body).trim();
  if (text.startsWith('{')) return JSON.parse(text) as Record<string, string>;
  return Object.fromEntries(new URLSearchParams(text));
}

/**
 * The fields of a Cashfree form callback to sign: a captured callback's own `signature`
 * field is left out, so signing it again replaces the signature instead of adding a second.
 */
export function cashfreeFormFields(body: Uint8Array): { fields: Record<string, string> } {
  const { signature: _signature, ...fields } = formFields(body);
  return { fields };
}
