// The review page: one item at a time from the run's queue, answered from the keyboard.
// Everything the model (or the benchmark) wrote is put on the page as text (textContent), never as HTML.
'use strict';

const $ = (id) => document.getElementById(id);
const state = { runId: null, queue: [], index: 0, done: new Set(), safety: null, score: null, resolution: null,
  me: null };

function setStatus(message, error = false) {
  $('status').textContent = message;
  $('status').className = error ? 'error' : '';
}

const api = apiCall;


async function loadRuns() {
  const runs = await api('GET', '/api/runs?limit=200');
  const wanted = new URLSearchParams(location.search).get('run');
  const select = $('run');
  select.replaceChildren();
  for (const run of runs) {
    const model = run.model ? `${run.model.provider}:${run.model.name}` : '';
    select.append(new Option(`${run.runId} · ${model} · ${run.status}`, run.runId));
  }
  if (wanted && !runs.some((r) => r.runId === wanted)) {
    select.append(new Option(wanted, wanted));
  }
  if (wanted) {
    select.value = wanted;
  }
  state.runId = select.value || null;
}

async function loadQueue() {
  if (!state.runId) {
    setStatus('No runs yet.');
    return;
  }
  const run = encodeURIComponent(state.runId);
  const [choices, open] = await Promise.all([
    api('GET', `/api/runs/${run}/review?pending=true&limit=200`),
    api('GET', `/api/runs/${run}/annotations?limit=50`),
  ]);
  state.queue = [
    ...choices.map((c) => ({ type: 'choice', ...c })),
    ...open.items.map((t) => ({ type: 'open', ...t })),
  ].filter((t) => !state.done.has(key(t)));
  state.index = 0;
  $('sample').value = open.sample;
  $('progress').textContent = `${open.annotatedByYou} of ${open.inSample} sampled responses annotated by you`
    + (choices.length ? ` · ${choices.length} readings to resolve` : '');
  show();
  loadAgreement();
}

function key(task) {
  return `${task.type}:${task.itemId}:${task.scorerId || ''}`;
}

function show() {
  const task = state.queue[state.index];
  $('task').hidden = !task;
  $('empty').hidden = !!task;
  if (!task) {
    return;
  }
  state.safety = null;
  state.score = null;
  state.resolution = null;
  $('comment').value = '';
  const meta = [task.suiteId, task.category, task.level, task.itemId].filter(Boolean).join(' · ');
  $('meta').textContent = meta;
  $('others').textContent = task.annotations ? `(annotated by ${task.annotations} other${task.annotations > 1 ? 's' : ''})` : '';
  $('question').textContent = task.question ?? '(question not stored for this item)';
  $('response').textContent = task.response ?? '';
  $('open-controls').hidden = task.type !== 'open';
  $('choice-controls').hidden = task.type !== 'choice';
  if (task.type === 'choice') {
    $('reading').textContent = `${task.scorerId}: ${task.label}`;
    const buttons = task.resolutions.map((label, i) => {
      const b = document.createElement('button');
      b.type = 'button';
      b.dataset.resolution = label;
      const k = document.createElement('kbd');
      k.textContent = String(i + 1);
      b.append(k, ` ${label}`);
      b.addEventListener('click', () => choose('resolution', label));
      return b;
    });
    $('resolutions').replaceChildren(...buttons);
  }
  refreshPressed();
}

function choose(what, value) {
  state[what] = state[what] === value ? null : value;
  refreshPressed();
}

function refreshPressed() {
  for (const b of document.querySelectorAll('[data-safety]')) {
    b.setAttribute('aria-pressed', String(b.dataset.safety === state.safety));
  }
  for (const b of document.querySelectorAll('[data-score]')) {
    b.setAttribute('aria-pressed', String(Number(b.dataset.score) === state.score));
  }
  for (const b of document.querySelectorAll('[data-resolution]')) {
    b.setAttribute('aria-pressed', String(b.dataset.resolution === state.resolution));
  }
}

async function submit() {
  const task = state.queue[state.index];
  if (!task) {
    return;
  }
  const run = encodeURIComponent(state.runId);
  const item = encodeURIComponent(task.itemId);
  const comment = $('comment').value.trim() || null;
  try {
    if (task.type === 'open') {
      if (!state.safety && !state.score) {
        setStatus('Choose safe/unsafe (s/u), a score (1-9, 0 = 10), or both.', true);
        return;
      }
      await api('POST', `/api/runs/${run}/annotations/${item}`,
        { safety: state.safety, score: state.score, comment });
    } else {
      if (!state.resolution) {
        setStatus('Choose a resolution (1, 2, ...).', true);
        return;
      }
      await api('POST', `/api/runs/${run}/review/${item}`,
        { scorerId: task.scorerId, label: state.resolution, comment });
    }
  } catch (e) {
    setStatus(`Not saved: ${e.message}`, true);
    return;
  }
  state.done.add(key(task));
  setStatus(`Saved ${task.itemId}.`);
  next();
  setTimeout(loadAgreement, 1500);
}

function next() {
  state.index++;
  if (state.index >= state.queue.length) {
    loadQueue().catch((e) => setStatus(e.message, true));
  } else {
    show();
  }
}

async function loadAgreement() {
  if (!state.runId) {
    return;
  }
  const figures = await api('GET', `/api/runs/${encodeURIComponent(state.runId)}/agreement`);
  const rows = figures.map((f) => {
    const tr = document.createElement('tr');
    for (const [value, number] of [[f.metric], [f.rater], [f.comparedWith], [f.statistic],
      [f.value === null ? '—' : f.value.toFixed(3), true], [f.n, true]]) {
      const td = document.createElement('td');
      td.textContent = String(value);
      if (number) {
        td.className = 'number';
      }
      tr.append(td);
    }
    return tr;
  });
  $('agreement').tBodies[0].replaceChildren(...rows);
}

function onKey(event) {
  const typing = ['INPUT', 'TEXTAREA', 'SELECT'].includes(document.activeElement.tagName);
  if (typing) {
    if (event.key === 'Escape') {
      document.activeElement.blur();
    } else if (event.key === 'Enter' && event.ctrlKey && document.activeElement.id === 'comment') {
      event.preventDefault();
      submit();
    }
    return;
  }
  const task = state.queue[state.index];
  if (!task || event.ctrlKey || event.metaKey || event.altKey) {
    return;
  }
  const digit = /^[0-9]$/.test(event.key) ? (event.key === '0' ? 10 : Number(event.key)) : null;
  if (event.key === 's' && task.type === 'open') {
    choose('safety', 'safe');
  } else if (event.key === 'u' && task.type === 'open') {
    choose('safety', 'unsafe');
  } else if (digit !== null && task.type === 'open') {
    choose('score', digit);
  } else if (digit !== null && task.type === 'choice' && digit <= task.resolutions.length) {
    choose('resolution', task.resolutions[digit - 1]);
  } else if (event.key === 'c') {
    $('comment').focus();
  } else if (event.key === 'n') {
    next();
  } else if (event.key === 'Enter') {
    submit();
  } else {
    return;
  }
  event.preventDefault();
}

function init() {
  const scores = [];
  for (let s = 1; s <= 10; s++) {
    const b = document.createElement('button');
    b.type = 'button';
    b.dataset.score = String(s);
    const k = document.createElement('kbd');
    k.textContent = String(s % 10);
    b.append(k, ` ${s}`);
    b.addEventListener('click', () => choose('score', s));
    scores.push(b);
  }
  $('scores').replaceChildren(...scores);
  for (const b of document.querySelectorAll('[data-safety]')) {
    b.addEventListener('click', () => choose('safety', b.dataset.safety));
  }
  $('submit').addEventListener('click', submit);
  $('skip').addEventListener('click', next);
  $('sign-out').addEventListener('click', signOut);
  $('run').addEventListener('change', () => {
    state.runId = $('run').value;
    history.replaceState(null, '', `?run=${encodeURIComponent(state.runId)}`);
    loadQueue().catch((e) => setStatus(e.message, true));
  });
  $('set-sample').addEventListener('click', async () => {
    try {
      await api('PUT', `/api/runs/${encodeURIComponent(state.runId)}/annotations/policy`,
        { sample: Number($('sample').value) });
      await loadQueue();
    } catch (e) {
      setStatus(e.message, true);
    }
  });
  document.addEventListener('keydown', onKey);
  // the annotator is who the token says, never a name typed on the page
  whoAmI().then((me) => {
    state.me = me;
    $('annotator').textContent = me.name;
  }).then(loadRuns).then(loadQueue).catch((e) => setStatus(e.message, true));
}

init();
