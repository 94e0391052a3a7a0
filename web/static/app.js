// Progressive enhancement only: every page works without this file.
// Quick exit: leave for a neutral site and replace this page in the history, so the
// back button does not bring it back. Esc pressed twice quickly does the same.
(function () {
  'use strict';
  var exitUrl = 'https://www.google.se/';
  function leave(ev) {
    if (ev) ev.preventDefault();
    try { document.body.style.display = 'none'; } catch (e) { /* ignore */ }
    window.location.replace(exitUrl);
  }
  document.documentElement.className += ' has-js';
  document.addEventListener('DOMContentLoaded', function () {
    var btn = document.getElementById('lamna-sidan');
    if (btn) btn.addEventListener('click', leave);
    // A form sent back with errors: move focus to the summary so it is read first.
    var summary = document.querySelector('.error-summary');
    if (summary && !window.location.hash) summary.focus();
    // Receipt page: copy and print buttons.
    Array.prototype.forEach.call(document.querySelectorAll('[data-copy]'), function (b) {
      b.addEventListener('click', function () {
        var text = b.getAttribute('data-copy');
        if (navigator.clipboard) {
          navigator.clipboard.writeText(text).then(function () { b.textContent = 'Länken är kopierad'; });
        }
      });
    });
    Array.prototype.forEach.call(document.querySelectorAll('[data-print]'), function (b) {
      b.addEventListener('click', function () { window.print(); });
    });
    // Experts: replace the selected text in a textarea with a placeholder.
    Array.prototype.forEach.call(document.querySelectorAll('[data-replace-selection]'), function (b) {
      b.addEventListener('click', function () {
        var ta = document.getElementById(b.getAttribute('data-target'));
        if (!ta || ta.selectionStart === ta.selectionEnd) return;
        var s = ta.selectionStart, e = ta.selectionEnd, rep = b.getAttribute('data-replace-selection');
        ta.value = ta.value.slice(0, s) + rep + ta.value.slice(e);
        ta.focus();
        ta.setSelectionRange(s + rep.length, s + rep.length);
      });
    });
    // Experts: the redaction editor. A proposal switched on or off changes its one span
    // in the text to be published (found by its context, as the server does in
    // server/src/redaction_editor.cpp); everything typed by hand stays.
    function fit(text, at, len, p) {
      var s = 0, a = 0, end = at + len;
      while (s < p.before.length && s < at && text.charAt(at - 1 - s) === p.before.charAt(p.before.length - 1 - s)) s++;
      while (a < p.after.length && end + a < text.length && text.charAt(end + a) === p.after.charAt(a)) a++;
      return s + a;
    }
    function locate(text, needle, p) {
      var best = { at: -1, score: 0 };
      if (!needle) return best;
      for (var at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + 1)) {
        var sc = fit(text, at, needle.length, p);
        if (best.at === -1 || sc > best.score) best = { at: at, score: sc };
      }
      return best;
    }
    function isApplied(text, p) {
      var t = locate(text, p.text, p), ph = locate(text, p.placeholder, p);
      if (ph.at === -1) return false;
      if (t.at === -1) return true;
      return ph.score > t.score;
    }
    Array.prototype.forEach.call(document.querySelectorAll('input[data-proposal]'), function (box) {
      box.addEventListener('change', function () {
        var ta = document.getElementById(box.getAttribute('data-target'));
        if (!ta) return;
        var p = { text: box.getAttribute('data-proposal'), placeholder: box.getAttribute('data-placeholder'),
                  before: box.getAttribute('data-before') || '', after: box.getAttribute('data-after') || '' };
        var apply = box.checked, text = ta.value;
        if (isApplied(text, p) !== apply) {
          var from = apply ? p.text : p.placeholder, to = apply ? p.placeholder : p.text;
          var best = locate(text, from, p);
          if (best.at !== -1) ta.value = text.slice(0, best.at) + to + text.slice(best.at + from.length);
        }
        var was = box.parentNode.querySelector('input[type=hidden][name="v' + box.name.slice(1) + '"]');
        if (was) was.value = isApplied(ta.value, p) ? '1' : '0';
      });
    });
    // Experts: insert a house template at the cursor instead of a round trip.
    var insert = document.querySelector('[data-insert-template]');
    var answer = document.getElementById('f-svar');
    var pick = document.getElementById('f-mall');
    if (insert && answer && pick) {
      insert.addEventListener('click', function (ev) {
        ev.preventDefault();
        var body = pick.options[pick.selectedIndex].getAttribute('data-body') || '';
        var s = answer.selectionStart || answer.value.length;
        var sep = answer.value && s > 0 ? '\n\n' : '';
        answer.value = answer.value.slice(0, s) + sep + body + answer.value.slice(s);
        answer.focus();
      });
    }
    // Experts: the plain-language check (LIX gauge, long sentences, passive, jargon) of
    // the text as it is typed; the server renders the panel, the page shows the saved
    // draft's without JavaScript. Never blocks anything.
    var panel = document.getElementById('klarsprak');
    var checkUrl = answer && answer.getAttribute('data-quality');
    if (panel && checkUrl && window.fetch) {
      var checkTimer = null, checked = answer.value;
      var check = function () {
        var token = answer.form && answer.form.querySelector('input[name=csrf]');
        if (answer.value === checked || !token) return;
        var value = answer.value, data = new URLSearchParams();
        data.set('csrf', token.value);
        data.set('svar', value);
        fetch(checkUrl, { method: 'POST', body: data, credentials: 'same-origin' })
          .then(function (r) { return r.ok ? r.text() : null; })
          .then(function (html) { if (html !== null) { checked = value; panel.innerHTML = html; } })
          .catch(function () { /* the saved draft's check stays */ });
      };
      answer.addEventListener('input', function () { clearTimeout(checkTimer); checkTimer = setTimeout(check, 600); });
      insert && insert.addEventListener('click', function () { setTimeout(check, 0); });
    }
    // Experts: autosave the answer draft every 20 seconds when it changed.
    var draftForm = document.querySelector('form[data-autosave]');
    if (draftForm && answer && window.fetch) {
      var saved = answer.value, status = draftForm.querySelector('.autosave-status');
      setInterval(function () {
        if (answer.value === saved || !answer.value.trim()) return;
        var data = new URLSearchParams(new FormData(draftForm));
        data.set('satt', 'spara');
        data.set('autosave', '1');
        var value = answer.value;
        fetch(draftForm.getAttribute('data-autosave'), { method: 'POST', body: data, credentials: 'same-origin' })
          .then(function (r) {
            if (r.ok) { saved = value; if (status) status.textContent = 'Utkastet sparades ' + new Date().toLocaleTimeString('sv-SE'); return; }
            // A text the server refuses (too long, control characters): say why.
            return r.json().then(function (d) { if (status && d && d.error) status.textContent = d.error; });
          })
          .catch(function () { /* the manual save button still works */ });
      }, 20000);
    }
    // Ask form: similar published questions while the title is typed.
    var title = document.querySelector('input[data-suggest]');
    var box = document.getElementById('liknande');
    if (title && box && window.fetch) {
      var timer = null, last = '';
      title.addEventListener('input', function () {
        clearTimeout(timer);
        timer = setTimeout(function () {
          var q = title.value.trim();
          if (q.length < 4 || q === last) return;
          last = q;
          // The draft title goes in the body, never in the URL, which proxies log.
          fetch(title.getAttribute('data-suggest'), {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({ title: q }),
            credentials: 'omit'
          })
            .then(function (r) { return r.ok ? r.json() : { questions: [] }; })
            .then(function (data) {
              box.textContent = '';
              if (!data.questions || !data.questions.length) return;
              var p = document.createElement('p');
              p.textContent = 'Liknande frågor som redan har besvarats:';
              box.appendChild(p);
              var ul = document.createElement('ul');
              data.questions.forEach(function (item) {
                var li = document.createElement('li');
                var a = document.createElement('a');
                a.href = '/fraga/' + item.id;
                a.textContent = item.title;
                li.appendChild(a);
                ul.appendChild(li);
              });
              box.appendChild(ul);
            })
            .catch(function () { /* suggestions are optional */ });
        }, 350);
      });
    }
  });
  var lastEsc = 0;
  document.addEventListener('keydown', function (ev) {
    // Only where the quick exit is offered (the public pages, not the experts' ones).
    if (ev.key !== 'Escape' || !document.getElementById('lamna-sidan')) return;
    var now = Date.now();
    if (now - lastEsc < 600) leave(ev);
    lastEsc = now;
  });
})();
