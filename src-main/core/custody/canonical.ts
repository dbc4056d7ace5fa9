/**
 * Deterministic JSON in the style of RFC 8785 (JSON Canonicalization Scheme): object members
 * sorted by key (UTF-16 code units, as JavaScript compares strings), no whitespace, strings and
 * numbers serialised as ECMAScript's JSON.stringify does, UTF-8 bytes. The custody hash chain is
 * computed over these bytes, so the rules are spelled out for auditors in docs/custody-log.md.
 *
 * Anything JSON cannot say exactly is refused instead of silently changed: undefined, functions,
 * symbols, bigint, non-finite numbers, lone surrogates and objects that are not plain.
 */
export type JsonValue = null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue };

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function canonicalize(value: unknown): string {
  return encode(value, '$');
}

export function canonicalBytes(value: unknown): Uint8Array {
  return new TextEncoder().encode(canonicalize(value));
}

function encode(value: unknown, where: string): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`Canonical JSON: ${where} is not a finite number.`);
      // ES number serialisation is the one RFC 8785 prescribes; -0 becomes 0 there as here.
      return JSON.stringify(value);
    case 'string':
      if (LONE_SURROGATE.test(value)) throw new TypeError(`Canonical JSON: ${where} holds a lone surrogate.`);
      return JSON.stringify(value);
    case 'object':
      if (Array.isArray(value)) return encodeArray(value, where);
      return encodeObject(value, where);
    default:
      throw new TypeError(`Canonical JSON: ${where} has type ${typeof value}, which JSON cannot represent.`);
  }
}

function encodeArray(value: readonly unknown[], where: string): string {
  const parts: string[] = [];
  // Indexed loop, not map(): a hole must fail as undefined rather than vanish.
  for (let i = 0; i < value.length; i++) parts.push(encode(value[i], `${where}[${i}]`));
  return `[${parts.join(',')}]`;
}

function encodeObject(value: object, where: string): string {
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) {
    throw new TypeError(`Canonical JSON: ${where} is not a plain object.`);
  }
  const record = value as Record<string, unknown>;
  // Default sort compares UTF-16 code units, exactly what RFC 8785 section 3.2.3 asks for.
  const keys = Object.keys(record).sort();
  const members = keys.map((key) => {
    if (LONE_SURROGATE.test(key)) throw new TypeError(`Canonical JSON: a key in ${where} holds a lone surrogate.`);
    return `${JSON.stringify(key)}:${encode(record[key], `${where}.${key}`)}`;
  });
  return `{${members.join(',')}}`;
}
