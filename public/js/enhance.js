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
      // The copy's picker search box is a dead clone: give it a live one.
      copy.querySelectorAll('.picker-search, .picker-status').forEach(function (el) { el.remove(); });
      copy.querySelectorAll('[data-picker]').forEach(function (el) { el.removeAttribute('data-picker-ready'); });
      last.after(copy);
      enhancePickers(copy);
      var first = copy.querySelector('input, select, textarea');
      if (first) first.focus();
    });
    group.appendChild(button);
  });

  enhancePickers(document);
  enhanceCitations();

  // Move focus to the error summary so screen readers announce what went wrong.
  var summary = document.querySelector('.error-summary');
  if (summary) summary.focus();
});

// Pickers: a long list of records (checkboxes, or a select) gets a search box. What you type goes
// to the records search (/pickers/<collection>?q=, which folds case and script and stems English
// words, as the lists do); the list then shows only what matches, and what is already chosen.
// Without scripts the whole list is there and works as before.
function enhancePickers(root) {
  root.querySelectorAll('[data-picker]').forEach(function (el) {
    if (el.getAttribute('data-picker-ready')) return;
    el.setAttribute('data-picker-ready', '1');
    var collection = el.getAttribute('data-picker');
    var isSelect = el.tagName === 'SELECT';
    var items = isSelect
      ? Array.prototype.filter.call(el.options, function (o) { return o.value !== ''; })
      : Array.prototype.slice.call(el.querySelectorAll('.choice'));
    if (items.length === 0) return;
    var valueOf = function (item) { return isSelect ? item.value : item.querySelector('input').value; };
    var chosen = function (item) { return isSelect ? item.selected : item.querySelector('input').checked; };

    var search = document.createElement('input');
    search.type = 'search';
    search.className = 'picker-search';
    search.autocomplete = 'off';
    search.placeholder = 'Type to search ' + collection + '…';
    search.setAttribute('aria-label', 'Search ' + collection + ' (in any script)');
    var status = document.createElement('p');
    status.className = 'hint picker-status';
    status.setAttribute('aria-live', 'polite');
    if (isSelect) {
      el.parentNode.insertBefore(search, el);
      el.parentNode.insertBefore(status, el);
    } else {
      var list = el.querySelector('.choices');
      list.parentNode.insertBefore(search, list);
      list.parentNode.insertBefore(status, list);
    }

    var asked = 0;
    var timer = null;
    function show(keys) {
      var shown = 0;
      items.forEach(function (item) {
        var visible = keys === null || keys.has(valueOf(item)) || chosen(item);
        item.hidden = !visible;
        if (visible) shown++;
      });
      status.textContent = keys === null ? '' : shown + ' of ' + items.length + ' shown';
    }
    function ask() {
      var q = search.value.trim();
      if (q === '') { show(null); return; }
      var mine = ++asked;
      fetch('/pickers/' + collection + '?q=' + encodeURIComponent(q), { credentials: 'same-origin', headers: { accept: 'application/json' } })
        .then(function (r) { if (!r.ok) throw new Error(String(r.status)); return r.json(); })
        .then(function (body) { if (mine === asked) show(new Set(body.keys)); })
        .catch(function () { if (mine === asked) { show(null); status.textContent = 'The search is not available; the whole list is shown.'; } });
    }
    search.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(ask, 150);
    });
    // Enter in the search box must not send the form.
    search.addEventListener('keydown', function (e) { if (e.key === 'Enter') { e.preventDefault(); ask(); } });
  });
}

// A note's sources on tap and keyboard, not only on hover: a citation opens its note below itself
// (aria-expanded says whether it is open); a second tap, Escape or "Close" closes it. Without
// scripts the citation is a link to the note.
function enhanceCitations() {
  document.querySelectorAll('sup.citation a[data-note]').forEach(function (link) {
    var n = link.getAttribute('data-note');
    var note = document.getElementById('note-' + n);
    if (!note) return;
    var id = 'note-popover-' + n + '-' + Math.random().toString(36).slice(2, 7);
    link.setAttribute('aria-expanded', 'false');
    link.setAttribute('aria-controls', id);
    function close() {
      var open = document.getElementById(id);
      if (open) open.remove();
      link.setAttribute('aria-expanded', 'false');
    }
    link.addEventListener('click', function (e) {
      e.preventDefault();
      if (link.getAttribute('aria-expanded') === 'true') { close(); return; }
      var box = document.createElement('span');
      box.className = 'note-popover';
      box.id = id;
      box.setAttribute('role', 'note');
      box.setAttribute('aria-label', 'Note ' + n);
      var text = document.createElement('span');
      text.textContent = n + '. ' + note.textContent.replace(/\s+/g, ' ').trim();
      var button = document.createElement('button');
      button.type = 'button';
      button.className = 'link-button note-popover-close';
      button.textContent = 'Close';
      button.addEventListener('click', function () { close(); link.focus(); });
      box.appendChild(text);
      box.appendChild(button);
      link.parentNode.after(box);
      link.setAttribute('aria-expanded', 'true');
    });
    link.addEventListener('keydown', function (e) { if (e.key === 'Escape') close(); });
  });
  document.addEventListener('keydown', function (e) {
    if (e.key !== 'Escape') return;
    var box = e.target.closest && e.target.closest('.note-popover');
    if (box) { var opener = document.querySelector('[aria-controls="' + box.id + '"]'); box.remove(); if (opener) { opener.setAttribute('aria-expanded', 'false'); opener.focus(); } }
  });
}
