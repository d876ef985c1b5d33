// The dashboards of report-service. Text from runs, suites and models reaches the page only through
// textContent; charts are Apache ECharts with tooltips rendered on the canvas (no HTML).
'use strict';

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);

const api = (path) => apiCall('GET', path);

function fail(e) {
  $('status').textContent = e.message;
}

/** A table row of cells; each cell is text, or [text, className], or a Node. */
function row(cells) {
  const tr = document.createElement('tr');
  for (const cell of cells) {
    const td = document.createElement('td');
    if (cell instanceof Node) {
      td.append(cell);
    } else if (Array.isArray(cell)) {
      td.textContent = cell[0] ?? '';
      td.className = cell[1];
    } else {
      td.textContent = cell ?? '';
    }
    tr.append(td);
  }
  return tr;
}

function link(text, href) {
  const a = document.createElement('a');
  a.textContent = text;
  a.href = href;
  return a;
}

const fixed = (x, digits = 3) => (x === null || x === undefined ? '—' : Number(x).toFixed(digits));
const interval = (low, high) => (low === null || low === undefined ? '' : `${fixed(low)} – ${fixed(high)}`);
const when = (t) => (t ? new Date(t).toLocaleString() : '');

function nav() {
  const page = document.body.dataset.page;
  const h1 = document.createElement('h1');
  h1.textContent = 'cvalues';
  $('nav').append(h1);
  for (const [id, text, href] of [['runs', 'Runs & models', 'index.html'], ['compare', 'Compare', 'compare.html'],
    ['alerts', 'Alerts', 'alerts.html'], ['review', 'Review queue', '/review/']]) {
    const a = link(text, href);
    if (id === page) {
      a.className = 'current';
    }
    $('nav').append(a);
  }
  if (apiToken()) {
    const who = document.createElement('span');
    who.className = 'who';
    const out = document.createElement('button');
    out.type = 'button';
    out.textContent = 'sign out';
    out.addEventListener('click', signOut);
    $('nav').append(who, out);
    whoAmI().then((me) => { who.textContent = `${me.name} (${me.roles.join(', ')})`; }).catch(() => {});
  }
}

function chart(element, option) {
  const instance = echarts.getInstanceByDom(element) || echarts.init(element, null, { renderer: 'canvas' });
  instance.setOption({ animation: false, tooltip: { trigger: 'axis', renderMode: 'richText' }, ...option }, true);
  return instance;
}

/** Vertical interval bars (low to high) for a category axis: ECharts' custom series. */
function intervalSeries(name, data) {
  return {
    name, type: 'custom', data, z: 10,
    renderItem: (params, api) => {
      const low = api.coord([api.value(0), api.value(1)]);
      const high = api.coord([api.value(0), api.value(2)]);
      const half = api.size([1, 0])[0] * 0.12;
      const style = { stroke: '#1d1d1f', lineWidth: 1.2 };
      return { type: 'group', children: [
        { type: 'line', shape: { x1: low[0], y1: low[1], x2: high[0], y2: high[1] }, style },
        { type: 'line', shape: { x1: low[0] - half, y1: low[1], x2: low[0] + half, y2: low[1] }, style },
        { type: 'line', shape: { x1: high[0] - half, y1: high[1], x2: high[0] + half, y2: high[1] }, style },
      ] };
    },
    encode: { x: 0, y: [1, 2] },
  };
}

// ---- runs & models: live progress ----
async function runsPage() {
  const refresh = async () => {
    const runs = await api('/api/runs?limit=100');
    $('runs').tBodies[0].replaceChildren(...runs.map((r) => {
      const c = r.counts || {};
      const done = (c.responded || 0) + (c.failed || 0);
      const bar = document.createElement('span');
      bar.className = 'bar';
      const fill = document.createElement('span');
      fill.style.width = `${c.expected ? Math.min(100, (100 * done) / c.expected) : 0}%`;
      bar.append(fill);
      const progress = document.createElement('span');
      progress.append(bar, ` ${done} / ${c.expected ?? '?'} answered, ${c.scored ?? 0} scored`);
      const verdict = r.verdict ? r.verdict.verdict : '';
      return row([link(r.runId, `run.html?run=${encodeURIComponent(r.runId)}`),
        r.subject ? r.subject.model : (r.model ? `${r.model.provider}:${r.model.name}` : ''),
        r.subject ? r.subject.version : '', [r.status, `status-${r.status}`], progress,
        [verdict, `verdict-${verdict}`], when(r.startedAt)]);
    }));
  };
  const models = await api('/api/models');
  $('models').tBodies[0].replaceChildren(...models.map((m) => {
    const versions = document.createElement('span');
    m.versions.forEach((v, i) => {
      versions.append(i ? ', ' : '', link(v.version, `run.html?run=${encodeURIComponent(v.runId)}`));
      if (v.verdict) {
        const s = document.createElement('span');
        s.className = `verdict-${v.verdict}`;
        s.textContent = ` (${v.verdict})`;
        versions.append(s);
      }
    });
    return row([link(m.model, `model.html?model=${encodeURIComponent(m.model)}`), versions]);
  }));
  await refresh();
  setInterval(() => refresh().catch(fail), 2000);
}

// ---- one run's scorecard ----
async function runPage() {
  const runId = params.get('run');
  const card = await api(`/api/runs/${encodeURIComponent(runId)}/scorecard`);
  $('title').textContent = `Scorecard of ${runId}`;
  $('summary').textContent = `status ${card.status}; ` + card.scorers.map((s) => `${s.scorerId} ${s.scored}/${s.applicable}`).join(', ');
  const rows = card.rows.filter((r) => !r.difficulty);
  $('rows').tBodies[0].replaceChildren(...rows.map((r) => row([r.suite, r.category, r.scorer, r.metric,
    [fixed(r.value), 'number'], interval(r.ciLow, r.ciHigh), [r.n, 'number'],
    [r.coverage === undefined ? '' : `${(100 * r.coverage).toFixed(1)}%`, r.coverage < 0.95 ? 'number low-coverage' : 'number'],
    r.unscored ? Object.entries(r.unscored).map(([k, v]) => `${k} ${v}`).join(', ') : '',
    r.counts ? Object.entries(r.counts).map(([k, v]) => `${k} ${v}`).join(', ') : ''])));
  const suites = [...new Set(rows.map((r) => r.suite))];
  const metrics = [...new Set(rows.filter((r) => !r.addition).map((r) => `${r.scorer} / ${r.metric}`))];
  $('suite').replaceChildren(...suites.map((s) => new Option(s, s)));
  $('metric').replaceChildren(...metrics.map((m) => new Option(m, m)));
  const preferred = metrics.find((m) => m.endsWith('/ acc'));
  if (preferred) {
    $('metric').value = preferred;
  }
  const draw = () => {
    const [scorer, metric] = $('metric').value.split(' / ');
    const cells = rows.filter((r) => r.suite === $('suite').value && r.scorer === scorer && r.metric === metric);
    chart($('chart'), {
      grid: { left: 50, right: 20, top: 30, bottom: 90 },
      xAxis: { type: 'category', data: cells.map((c) => c.category), axisLabel: { rotate: 35 } },
      yAxis: { type: 'value', name: metric },
      series: [{ name: metric, type: 'bar', data: cells.map((c) => c.value), itemStyle: { color: '#4c8bf5' } },
        intervalSeries('95% interval', cells.filter((c) => c.ciLow !== undefined)
          .map((c) => [c.category, c.ciLow, c.ciHigh]))],
    });
  };
  $('suite').addEventListener('change', draw);
  $('metric').addEventListener('change', draw);
  draw();
}

// ---- a model's history across versions ----
async function modelPage() {
  const model = params.get('model');
  $('title').textContent = `Model ${model}: score per version`;
  if (params.get('scorer')) {
    $('scorer').value = params.get('scorer');
  }
  if (params.get('metric')) {
    $('metric').value = params.get('metric');
  }
  let points = [];
  const draw = () => {
    const category = $('category').value || 'all';
    const shown = points.filter((p) => p.category === category);
    $('versions').tBodies[0].replaceChildren(...shown.slice().reverse().map((p) => row([p.version,
      link(p.runId, `run.html?run=${encodeURIComponent(p.runId)}`), when(p.completedAt), [fixed(p.value), 'number'],
      interval(p.ciLow, p.ciHigh), [p.n, 'number']])));
    const x = shown.map((p) => `${p.version}\n${new Date(p.completedAt).toLocaleDateString()}`);
    chart($('chart'), {
      grid: { left: 50, right: 20, top: 30, bottom: 50 },
      xAxis: { type: 'category', data: x, boundaryGap: false },
      yAxis: { type: 'value', name: $('metric').value },
      series: [
        { name: 'low', type: 'line', data: shown.map((p) => p.ciLow ?? p.value), stack: 'band', symbol: 'none',
          lineStyle: { opacity: 0 } },
        { name: '95% interval', type: 'line', data: shown.map((p) => (p.ciHigh ?? p.value) - (p.ciLow ?? p.value)),
          stack: 'band', symbol: 'none', lineStyle: { opacity: 0 }, areaStyle: { color: 'rgba(76,139,245,0.25)' } },
        { name: $('metric').value, type: 'line', data: shown.map((p) => p.value), symbolSize: 8,
          itemStyle: { color: '#1f5fcc' } },
      ],
    });
  };
  const load = async () => {
    points = await api(`/api/models/${encodeURIComponent(model)}/history?scorer=${encodeURIComponent($('scorer').value)}`
      + `&metric=${encodeURIComponent($('metric').value)}`);
    const categories = [...new Set(points.map((p) => p.category))];
    const current = $('category').value;
    $('category').replaceChildren(...categories.map((c) => new Option(c, c)));
    $('category').value = categories.includes(current) ? current : (categories.includes('all') ? 'all' : categories[0]);
    draw();
  };
  $('category').addEventListener('change', draw);
  $('scorer').addEventListener('change', () => load().catch(fail));
  $('metric').addEventListener('change', () => load().catch(fail));
  await load();
}

// ---- two runs compared ----
async function comparePage() {
  $('base').value = params.get('base') || '';
  $('candidate').value = params.get('candidate') || '';
  $('form').addEventListener('submit', (e) => {
    e.preventDefault();
    location.search = `?base=${encodeURIComponent($('base').value)}&candidate=${encodeURIComponent($('candidate').value)}`;
  });
  if (!$('base').value || !$('candidate').value) {
    return;
  }
  const c = await api(`/api/compare?base=${encodeURIComponent($('base').value)}`
    + `&candidate=${encodeURIComponent($('candidate').value)}`);
  $('verdict').textContent = `Verdict: ${c.verdict}` + (c.coverage ? ` — not enough could be read in ${c.coverage
    .map((g) => `${g.category} ${g.scorer}/${g.metric} (${g.problem}${g.candidateCoverage === undefined ? ''
      : `, ${(100 * g.candidateCoverage).toFixed(1)}% of items read`})`).join('; ')}` : '');
  $('verdict').className = `verdict-${c.verdict}`;
  $('cells').tBodies[0].replaceChildren(...c.cells.map((x) => row([x.suite, x.category, x.scorer, x.metric,
    [`${fixed(x.base)} (${x.baseN})`, 'number'], [`${fixed(x.candidate)} (${x.candidateN})`, 'number'],
    [`${fixed(x.difference)} [${fixed(x.low)}, ${fixed(x.high)}]`, 'number'], [x.adjustedPValue.toPrecision(2), 'number'],
    [x.change, `change-${x.change}`]])));
  const first = c.cells.find((x) => x.metric === 'acc') || c.cells[0];
  const cells = first ? c.cells.filter((x) => x.suite === first.suite && x.scorer === first.scorer
    && x.metric === first.metric) : [];
  chart($('chart'), {
    title: { text: first ? `${first.suite}: ${first.scorer} ${first.metric}, candidate - base` : '', textStyle: { fontSize: 13 } },
    grid: { left: 50, right: 20, top: 40, bottom: 90 },
    xAxis: { type: 'category', data: cells.map((x) => x.category), axisLabel: { rotate: 35 } },
    yAxis: { type: 'value', name: 'difference' },
    series: [{ name: 'difference', type: 'bar', data: cells.map((x) => ({ value: x.difference,
      itemStyle: { color: x.change === 'regressed' ? '#d1242f' : x.change === 'improved' ? '#2da44e' : '#8c959f' } })) },
    intervalSeries('95% interval', cells.map((x) => [x.category, x.low, x.high]))],
  });
}

// ---- alerts ----
async function alertsPage() {
  const alerts = await api('/api/alerts?limit=200');
  $('alerts').tBodies[0].replaceChildren(...alerts.map((a) => row([when(a.occurredAt), a.model, a.version,
    [a.verdict, `verdict-${a.verdict}`], a.baselineVersion || '',
    a.changes.map((x) => `${x.category} ${x.scorer} ${x.metric} ${fixed(x.difference)}`).join('; '),
    (a.deliveries || []).map((d) => `${d.state} (${d.attempts})`).join(', '),
    a.baseRunId ? link('compare', `compare.html?base=${encodeURIComponent(a.baseRunId)}`
      + `&candidate=${encodeURIComponent(a.candidateRunId)}`) : ''])));
}

nav();
const pages = { runs: runsPage, run: runPage, model: modelPage, compare: comparePage, alerts: alertsPage };
pages[document.body.dataset.page]().catch(fail);
