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
          fetch(title.getAttribute('data-suggest') + '?title=' + encodeURIComponent(q), { credentials: 'omit' })
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
    if (ev.key !== 'Escape') return;
    var now = Date.now();
    if (now - lastEsc < 600) leave(ev);
    lastEsc = now;
  });
})();
