// @ts-check
/** The body sizes the benchmarks use, and JSON/form bodies of those sizes. */
export const SIZES = /** @type {const} */ ([256, 4 * 1024, 64 * 1024, 1024 * 1024]);

/** @param {number} bytes */
export function sizeLabel(bytes) {
  return bytes >= 1024 * 1024
    ? `${bytes / (1024 * 1024)} MiB`
    : bytes >= 1024
      ? `${bytes / 1024} KiB`
      : `${bytes} B`;
}

/**
 * A realistic JSON webhook body of exactly `bytes` bytes: an event with an order, padded with
 * line items (objects, strings and numbers), so parsing does real work.
 * @param {number} bytes
 */
export function jsonBody(bytes) {
  const event = {
    type: 'PAYMENT_SUCCESS_WEBHOOK',
    event_time: '2023-08-01T11:16:10+05:30',
    data: {
      order: { order_id: 'order_bench_1', order_amount: 100.5 },
      items: /** @type {unknown[]} */ ([]),
    },
  };
  let text = JSON.stringify(event);
  let n = 0;
  while (text.length < bytes - 80) {
    event.data.items.push({
      sku: `sku-${n}`,
      name: 'Ethoca Chairs, Austin TX',
      qty: n % 7,
      price: 12.5 + n,
    });
    n++;
    text = JSON.stringify(event);
  }
  const padding = bytes - text.length - ',"pad":""'.length;
  const padded = JSON.stringify({ ...event, pad: 'x'.repeat(Math.max(0, padding)) });
  if (Buffer.byteLength(padded) !== bytes)
    throw new Error(`jsonBody(${bytes}) made ${Buffer.byteLength(padded)} bytes`);
  return padded;
}

/**
 * `count` form fields named with `prefix`, about `bytes` long in all.
 * @param {number} bytes
 */
export function formFields(bytes, prefix = 'cf_', count = 20) {
  /** @type {Record<string, string>} */
  const fields = {};
  const each = Math.max(1, Math.floor(bytes / count) - prefix.length - 8);
  for (let i = 0; i < count; i++)
    fields[`${prefix}field${String(i).padStart(2, '0')}`] = `v${'x'.repeat(each)}`;
  return fields;
}
