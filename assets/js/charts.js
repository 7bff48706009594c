// Draws the delivery charts (templates/delivery/_chart.html) with Chart.js, which the include
// loads just before this module (both deferred, so they run in order) as the global Chart. Each
// chart's figures reach it through json_script; the table beside it holds the same figures, so
// the chart stays hidden until drawn and nothing is lost without it.

const Chart = window.Chart
// GOV.UK Design System colours, distinct enough side by side.
const PALETTE = ['#1d70b8', '#00703c', '#f47738', '#4c2c92', '#d4351c', '#28a197', '#912b88', '#85994b', '#6f72af', '#b58840', '#5694ca', '#0b0c0c']

// Long labels ("CPD and leadership development") as lines of a few words, so on a phone the
// axis keeps them whole instead of cutting them at the canvas's left edge.
function wrapped (label, width = 16) {
  const lines = ['']
  for (const word of String(label).split(' ')) {
    const last = lines[lines.length - 1]
    if (last && (last + ' ' + word).length > width) lines.push(word)
    else lines[lines.length - 1] = last ? last + ' ' + word : word
  }
  return lines.length === 1 ? lines[0] : lines
}

function shares (data) {
  return {
    type: 'bar',
    data: {
      labels: data.labels.map(label => wrapped(label)),
      datasets: data.datasets.map((set, i) => ({ ...set, backgroundColor: PALETTE[i % PALETTE.length] }))
    },
    options: {
      indexAxis: 'y',
      maintainAspectRatio: false,
      scales: {
        x: { stacked: true, min: 0, max: 100, title: { display: true, text: 'Share of the area (%)' } },
        y: { stacked: true }
      }
    }
  }
}

function kpis (data) {
  return {
    type: 'bar',
    data: {
      labels: data.labels.map(label => wrapped(label)),
      datasets: [{
        label: 'Progress towards the target (%)',
        data: data.data,
        backgroundColor: data.data.map(value => (value >= 100 ? '#00703c' : '#1d70b8'))
      }]
    },
    options: {
      indexAxis: 'y',
      maintainAspectRatio: false,
      plugins: { legend: { display: false } },
      scales: { x: { beginAtZero: true, suggestedMax: 100, title: { display: true, text: 'Actual as a percentage of the target' } } }
    }
  }
}

// Two methods side by side (the matching engine and greedy), one bar each per figure.
function comparison (data) {
  return {
    type: 'bar',
    data: {
      labels: data.labels.map(label => wrapped(label)),
      datasets: data.datasets.map((set, i) => ({ ...set, backgroundColor: PALETTE[i % PALETTE.length] }))
    },
    options: { maintainAspectRatio: false, scales: { y: { beginAtZero: true, title: { display: true, text: 'Needs' } } } }
  }
}

const KINDS = { shares, kpis, comparison }

function draw (figure) {
  const make = KINDS[figure.dataset.appChart]
  if (!Chart || !make) return
  const data = JSON.parse(document.getElementById(figure.dataset.source).textContent)
  figure.hidden = false
  // eslint-disable-next-line no-new
  new Chart(figure.querySelector('canvas'), make(data))
}

for (const figure of document.querySelectorAll('[data-app-chart]')) {
  draw(figure)
}
