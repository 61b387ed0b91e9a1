// Small progressive enhancements for the staff pages. Everything works without this file.
'use strict';

// Repeated rows (sources of an incident, perpetrators): the page ships two spare rows; with
// scripts on, "Add another" clones the last row with the next index and empty values.
function renumber(row, index) {
  row.querySelectorAll('[name], [id], [for], [aria-describedby]').forEach(function (el) {
    ['name', 'id', 'for', 'aria-describedby'].forEach(function (attr) {
      var value = el.getAttribute(attr);
      if (value) el.setAttribute(attr, value.replace(/([.-])\d+([.-])/g, '$1' + index + '$2'));
    });
  });
  var title = row.querySelector('.row-title');
  if (title) title.textContent = title.textContent.replace(/\d+$/, String(index + 1));
}

function clear(row) {
  row.querySelectorAll('input, select, textarea').forEach(function (el) {
    if (el.type === 'checkbox' || el.type === 'radio') el.checked = false;
    else if (el.tagName === 'SELECT') el.selectedIndex = 0;
    else el.value = '';
    el.removeAttribute('aria-invalid');
  });
  row.querySelectorAll('.field-error').forEach(function (el) { el.remove(); });
  row.querySelectorAll('.field-invalid').forEach(function (el) { el.classList.remove('field-invalid'); });
}

document.addEventListener('DOMContentLoaded', function () {
  document.querySelectorAll('[data-repeat]').forEach(function (group) {
    var button = document.createElement('button');
    button.type = 'button';
    button.textContent = 'Add another';
    button.addEventListener('click', function () {
      var rows = group.querySelectorAll('[data-repeat-row]');
      var last = rows[rows.length - 1];
      if (!last) return;
      var copy = last.cloneNode(true);
      renumber(copy, rows.length);
      clear(copy);
      last.after(copy);
      var first = copy.querySelector('input, select, textarea');
      if (first) first.focus();
    });
    group.appendChild(button);
  });

  // Move focus to the error summary so screen readers announce what went wrong.
  var summary = document.querySelector('.error-summary');
  if (summary) summary.focus();
});

// A generation's page: the progress bar follows the job's server-sent events; when it ends, the
// page is loaded again (it then leads to the document, or says why there is none). Without
// scripts the page refreshes itself instead.
document.addEventListener('DOMContentLoaded', function () {
  var job = document.querySelector('[data-job-events]');
  if (!job || !window.EventSource || !job.querySelector('[data-job-progress]')) return;
  var stages = { queued: 'Waiting for a worker', retrying: 'Trying again after a failed attempt', loading: 'Reading the records',
    composing: 'Composing: citations, consent checks', rendering: 'Drawing the PDF and the Word file', storing: 'Storing the files', done: 'Done' };
  var source = new EventSource(job.getAttribute('data-job-events'));
  function show(event) {
    var data = JSON.parse(event.data);
    var bar = job.querySelector('[data-job-progress]');
    bar.value = data.progress.percent;
    bar.textContent = data.progress.percent + ' %';
    job.querySelector('[data-job-stage]').textContent = stages[data.stage] || data.stage;
    var p = data.progress, counts = [];
    if (p.incidentsTotal) counts.push(p.incidentsComposed + ' of ' + p.incidentsTotal + ' incidents composed');
    if (p.pagesRendered) counts.push(p.pagesRendered + ' pages drawn');
    else if (p.pagesEstimated) counts.push('about ' + p.pagesEstimated + ' pages');
    job.querySelector('[data-job-counts]').textContent = counts.join('; ') + '.';
  }
  source.addEventListener('progress', show);
  source.addEventListener('done', function (event) {
    show(event);
    source.close();
    window.location.replace('/jobs/' + job.getAttribute('data-job'));
  });
});
