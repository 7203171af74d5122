// hookguard listen's inspector: a live list of deliveries from the event stream at /events,
// and each one's explain trace. Plain JavaScript, no build step. Everything a delivery
// carries is attacker-controlled text: it is only ever set as textContent, never as markup.

const $ = (id) => document.getElementById(id);

const MARK = { passed: '✓', failed: '✗', 'not reached': '·' };
const REPLAY = {
  pending: 'claimed, waiting for the app',
  committed: 'committed',
  released: 'released: a retry is accepted',
  replayed: 'replayed: refused',
  'in-progress': 'in progress: refused',
  'not-claimed': 'not claimed',
};

const state = { session: null, setup: null, deliveries: new Map(), selected: null };

/** An element with attributes and children (strings become text nodes). */
function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'class') element.className = value;
    else if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    element.append(typeof child === 'string' || typeof child === 'number' ? String(child) : child);
  }
  return element;
}

function shortTime(iso) {
  return new Date(iso).toLocaleTimeString([], { hour12: false });
}

function verdictBadge(verdict) {
  if (verdict.kind === 'accepted') return h('span', { class: 'badge accepted' }, 'Accepted');
  if (verdict.kind === 'handshake')
    return h('span', { class: 'badge handshake' }, `Handshake ${verdict.name}`);
  return h('span', { class: 'badge refused' }, `Refused: ${verdict.code}`);
}

function verdictText(verdict) {
  if (verdict.kind === 'accepted') return 'accepted';
  if (verdict.kind === 'handshake') return `answered as the handshake ${verdict.name}`;
  return `refused with ${verdict.code} (${verdict.status})`;
}

function appCell(view) {
  const { forwarded } = view;
  if (forwarded === undefined)
    return view.verdict.kind === 'accepted'
      ? 'not forwarded (answered 200)'
      : 'not sent to the app';
  if (forwarded.state === 'pending') return h('span', { class: 'badge pending' }, 'waiting…');
  if (forwarded.state === 'answered') return `answered ${forwarded.status}`;
  return h('span', { class: 'badge refused' }, `${forwarded.state} (${view.answered})`);
}

function appText(view) {
  const { forwarded } = view;
  if (forwarded === undefined) return '';
  if (forwarded.state === 'answered') return `; the app answered ${forwarded.status}`;
  if (forwarded.state === 'pending') return '; waiting for the app';
  return `; the app was ${forwarded.state}`;
}

function sourceNote(view) {
  if (view.source === 'test-event') return 'test event';
  if (view.source === 'resend') return `re-send of #${view.resendOf}`;
  return undefined;
}

function row(view) {
  const note = sourceNote(view);
  const selected = state.selected === view.id;
  const actions = h(
    'div',
    { class: 'actions' },
    h(
      'button',
      {
        type: 'button',
        class: 'secondary',
        'aria-controls': 'trace',
        'aria-pressed': selected ? 'true' : 'false',
        'aria-label': `Trace of delivery ${view.id} (${view.provider})`,
        onclick: () => showTrace(view.id),
      },
      'Trace',
    ),
    view.resendable &&
      h(
        'button',
        {
          type: 'button',
          'aria-label': `Re-send delivery ${view.id} to the app`,
          onclick: () => resend(view.id),
        },
        'Re-send',
      ),
  );
  return h(
    'tr',
    { 'data-id': view.id, 'data-verdict': view.verdict.kind, 'data-selected': selected },
    h('td', {}, String(view.id), note && h('div', { class: 'note' }, note)),
    h('td', {}, h('time', { datetime: view.time }, shortTime(view.time))),
    h('td', {}, view.provider),
    h('td', {}, verdictBadge(view.verdict)),
    h(
      'td',
      { class: 'mono' },
      view.verdict.kind === 'accepted' ? JSON.stringify(view.verdict.matchedKey) : '—',
    ),
    h('td', {}, REPLAY[view.replay] ?? view.replay),
    h('td', {}, appCell(view)),
    h('td', {}, actions),
  );
}

function announce(text) {
  $('announcer').textContent = text;
}

function upsert(view) {
  const known = state.deliveries.get(view.id);
  state.deliveries.set(view.id, view);
  const body = $('delivery-rows');
  const fresh = row(view);
  const existing = body.querySelector(`tr[data-id="${view.id}"]`);
  if (existing !== null) existing.replaceWith(fresh);
  else {
    // Newest first: ids only grow, so a new one goes above every row with a smaller id.
    const after = [...body.rows].find((tr) => Number(tr.dataset.id) < view.id);
    body.insertBefore(fresh, after ?? null);
  }
  $('deliveries').hidden = false;
  $('no-deliveries').hidden = true;
  const complete = view.forwarded?.state !== 'pending';
  if (complete && (known === undefined || known.forwarded?.state === 'pending'))
    announce(
      `Delivery ${view.id}, ${view.provider}: ${verdictText(view.verdict)}${appText(view)}.`,
    );
  if (state.selected === view.id) renderTrace(view);
}

function clearDeliveries() {
  state.deliveries.clear();
  state.selected = null;
  $('delivery-rows').replaceChildren();
  $('deliveries').hidden = true;
  $('no-deliveries').hidden = false;
  $('trace').hidden = true;
}

function renderSetup(setup) {
  $('setup-routes').replaceChildren(
    ...setup.providers.flatMap((provider, index) => [
      index === 0 ? '' : ', ',
      h('code', {}, `POST ${provider.route}`),
      ` (${provider.id})`,
    ]),
  );
  $('setup-forward').textContent =
    setup.forwardTo ?? 'nowhere: they are answered 200 (start with --forward-to to pass them on)';
  const select = $('test-provider');
  const chosen = select.value;
  select.replaceChildren(
    ...setup.providers.map((provider) => h('option', { value: provider.id }, provider.title)),
  );
  if (setup.providers.some((provider) => provider.id === chosen)) select.value = chosen;
}

/** Splits visible text at its `\n` escapes (not at an escaped backslash before an `n`). */
function splitLines(text) {
  const lines = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== '\\') continue;
    if (text[i + 1] === 'n') {
      lines.push(text.slice(start, i + 2));
      start = i + 2;
    }
    i++;
  }
  lines.push(text.slice(start));
  return lines;
}

function table(caption, headings, rows) {
  return h(
    'table',
    { class: 'kv' },
    h('caption', { class: 'visually-hidden' }, caption),
    h('thead', {}, h('tr', {}, ...headings.map((heading) => h('th', { scope: 'col' }, heading)))),
    h(
      'tbody',
      {},
      ...rows.map(([label, ...values]) =>
        h(
          'tr',
          {},
          h('th', { scope: 'row' }, label),
          ...values.map((value) => h('td', { class: 'mono' }, value)),
        ),
      ),
    ),
  );
}

function stringToSign(explained, heading) {
  return [
    h('h3', {}, `${heading} (${explained.byteLength} bytes)`),
    h(
      'p',
      { class: 'note' },
      'Invisible characters are written as escapes: \\n, \\r, \\t, \\u{…}.',
    ),
    h('pre', {}, splitLines(explained.text).join('\n')),
    explained.parts.length > 0 &&
      table(
        'Its parts',
        ['Part', 'Value'],
        explained.parts.map((part) => [part.label, `"${part.value}"`]),
      ),
  ];
}

function receivedColumn(received) {
  return h(
    'div',
    {},
    h('h4', {}, 'Received'),
    received.length === 0 && h('p', { class: 'note' }, 'No signature was read from the request.'),
    ...received.map((signature) =>
      h(
        'div',
        {},
        h('pre', {}, signature.received),
        signature.decoded.length === 0
          ? h('p', { class: 'note' }, 'It cannot be decoded.')
          : table(
              'What the received signature decodes to',
              ['Read as', 'Bytes (hex)'],
              signature.decoded.map((decoded) => [decoded.form, decoded.hex]),
            ),
      ),
    ),
  );
}

function keyBlock(key) {
  const status = key.matches
    ? h('span', { class: 'matches' }, 'matches')
    : h('span', { class: 'mismatch' }, 'does not match');
  return h(
    'div',
    {},
    h('p', {}, h('strong', {}, `Key ${JSON.stringify(key.key)}: `), status),
    key.digestHex === undefined
      ? h(
          'p',
          { class: 'note' },
          key.matches
            ? 'The signature verifies with this public key.'
            : 'No received signature verifies with this public key.',
        )
      : [
          !key.revealed &&
            h(
              'p',
              { class: 'note' },
              'Expected values are masked: the full value would be a valid signature for a request nobody validly signed.',
            ),
          h('p', { class: 'mono' }, `digest (hex): ${key.digestHex}`),
          ...key.forms.map((form) =>
            h(
              'div',
              {},
              h('h4', {}, `As ${form.form}`),
              table(
                `Encoding steps as ${form.form}`,
                ['Step', 'Value'],
                form.steps.map((step) => [step.label, step.value]),
              ),
            ),
          ),
        ],
  );
}

function signatures(received, keys) {
  return [
    h('h3', {}, 'Signature: received and expected, side by side'),
    h(
      'div',
      { class: 'side-by-side' },
      receivedColumn(received),
      h(
        'div',
        {},
        h('h4', {}, 'Expected, for each configured key'),
        keys.length === 0 && h('p', { class: 'note' }, 'No key was reached.'),
        ...keys.map(keyBlock),
      ),
    ),
  ];
}

function checksList(checks) {
  return h(
    'ol',
    { class: 'checks' },
    ...checks.map((check) =>
      h(
        'li',
        { class: check.outcome.replace(' ', '-') },
        h('span', { class: 'mark', 'aria-hidden': 'true' }, MARK[check.outcome]),
        h('span', { class: 'visually-hidden' }, `${check.outcome}: `),
        `${check.check}${check.item === undefined ? '' : ` ${check.item}`}`,
        check.message === undefined ? '' : `: ${check.message}`,
      ),
    ),
  );
}

function summary(view) {
  const { verdict, forwarded } = view;
  const entries = [
    ['Time', h('time', { datetime: view.time }, new Date(view.time).toLocaleString())],
    ['Source', sourceNote(view) ?? 'received'],
    ['Request', h('code', {}, `${view.request.method} ${view.request.url}`)],
    [
      'Verdict',
      verdict.kind === 'refused'
        ? `${verdict.code} (${verdict.status}): ${verdict.message}`
        : verdictText(verdict),
    ],
    ['Matched key', verdict.kind === 'accepted' ? JSON.stringify(verdict.matchedKey) : '—'],
    ['Replay', REPLAY[view.replay] ?? view.replay],
    ['Sender answered', view.answered === undefined ? 'not yet' : String(view.answered)],
  ];
  if (forwarded !== undefined) {
    entries.push([
      'App',
      forwarded.state === 'answered'
        ? `${forwarded.url} answered ${forwarded.status} in ${forwarded.ms} ms`
        : forwarded.state === 'pending'
          ? `${forwarded.url}: waiting for its answer`
          : `${forwarded.state}: ${forwarded.message}`,
    ]);
  }
  return h(
    'dl',
    { class: 'summary' },
    ...entries.flatMap(([term, value]) => [h('dt', {}, term), h('dd', {}, value)]),
  );
}

function explanationBlocks(explanation) {
  if (typeof explanation === 'string') return [h('p', {}, explanation)];
  const blocks = [
    h('p', {}, h('strong', {}, 'Scheme: '), `${explanation.scheme} · ${explanation.algorithm}`),
    h('h3', {}, 'Checks'),
    checksList(explanation.checks),
  ];
  const { handshake } = explanation;
  if (handshake !== undefined) {
    blocks.push(
      h('h3', {}, 'Handshake'),
      h(
        'p',
        {},
        `${handshake.name}${handshake.signed ? ' (signed)' : ' (not signed)'}: arrives as ${handshake.arrives}; answered ${handshake.reply.status}.`,
      ),
    );
  }
  if (explanation.stringToSign !== undefined)
    blocks.push(...stringToSign(explanation.stringToSign, 'String to sign'));
  if (explanation.received.length > 0 || explanation.keys.length > 0)
    blocks.push(...signatures(explanation.received, explanation.keys));
  for (const item of explanation.items ?? []) {
    blocks.push(h('h3', {}, `Item ${item.item}: ${item.source}`));
    blocks.push(...stringToSign(item.stringToSign, `Item ${item.item}: string to sign`));
    blocks.push(...signatures(item.received, item.key === undefined ? [] : [item.key]));
  }
  const { timestamp } = explanation;
  if (timestamp !== undefined) {
    blocks.push(
      h('h3', {}, 'Timestamp'),
      h(
        'p',
        {},
        `Received ${timestamp.received}`,
        timestamp.iso === undefined
          ? ''
          : ` (${timestamp.iso}, ${timestamp.ageSeconds.toFixed(3)} s old)`,
        `; tolerance: ${timestamp.tolerance === false ? 'off' : `${timestamp.tolerance} s each way`}.`,
      ),
    );
  }
  return blocks;
}

function requestBlocks(view) {
  const { request, forwarded } = view;
  const blocks = [
    h('h3', {}, 'Request'),
    table(
      'Request headers',
      ['Header', 'Value'],
      request.headers.map(([name, value]) => [name, value]),
    ),
    h(
      'h4',
      {},
      `Body (${request.bodyBytes} bytes${request.bodyTruncated ? ', cut for display' : ''})`,
    ),
    h('pre', {}, request.body === '' ? '(empty)' : request.body),
  ];
  if (forwarded?.state === 'answered') {
    blocks.push(
      h('h3', {}, `The app's answer: ${forwarded.status}`),
      h('pre', {}, forwarded.body === '' ? '(empty)' : forwarded.body),
    );
  }
  return blocks;
}

function renderTrace(view) {
  $('trace-heading').textContent =
    `Trace of delivery ${view.id}: ${view.provider}, ${verdictText(view.verdict)}`;
  $('trace-body').replaceChildren(
    summary(view),
    ...explanationBlocks(view.explanation),
    ...requestBlocks(view),
  );
  $('trace').hidden = false;
}

function showTrace(id) {
  const view = state.deliveries.get(id);
  if (view === undefined) return;
  const previous = state.selected;
  state.selected = id;
  for (const other of [previous, id]) {
    const known = other === null ? undefined : state.deliveries.get(other);
    if (known !== undefined) upsert(known);
  }
  renderTrace(view);
  $('trace-heading').focus();
}

async function post(path, body) {
  const response = await fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const data = await response.json();
  if (!response.ok) throw new Error(data?.error?.message ?? `answered ${response.status}`);
  return data;
}

async function resend(id) {
  const result = $('action-result');
  result.textContent = `Re-sending delivery ${id}…`;
  try {
    const view = await post(`/api/deliveries/${id}/resend`, {});
    result.textContent = `Re-sent delivery ${id} as delivery ${view.id}${appText(view)}.`;
  } catch (error) {
    result.textContent = `Not re-sent: ${error.message}`;
  }
}

async function sendTestEvent(event) {
  event.preventDefault();
  const provider = $('test-provider').value;
  const result = $('test-result');
  result.textContent = `Sending a ${provider} test event…`;
  try {
    const view = await post('/api/test-events', { provider });
    result.textContent = `Sent a ${provider} test event: delivery ${view.id}, ${verdictText(view.verdict)}${appText(view)}.`;
  } catch (error) {
    result.textContent = `Not sent: ${error.message}`;
  }
}

function connect() {
  const connection = $('connection');
  const events = new EventSource('/events');
  events.addEventListener('open', () => {
    connection.dataset.state = 'live';
    connection.textContent = 'Live: new deliveries appear as they arrive.';
  });
  events.addEventListener('error', () => {
    connection.dataset.state = 'lost';
    connection.textContent = 'Connection to hookguard listen lost; retrying…';
  });
  events.addEventListener('setup', (message) => {
    const setup = JSON.parse(message.data);
    // A new run of hookguard listen: its deliveries are numbered from 1 again.
    if (state.session !== null && state.session !== setup.session) clearDeliveries();
    state.session = setup.session;
    state.setup = setup;
    renderSetup(setup);
  });
  events.addEventListener('delivery', (message) => upsert(JSON.parse(message.data)));
}

$('test-form').addEventListener('submit', sendTestEvent);
connect();
