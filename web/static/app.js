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
  document.addEventListener('DOMContentLoaded', function () {
    var btn = document.getElementById('lamna-sidan');
    if (btn) btn.addEventListener('click', leave);
  });
  var lastEsc = 0;
  document.addEventListener('keydown', function (ev) {
    if (ev.key !== 'Escape') return;
    var now = Date.now();
    if (now - lastEsc < 600) leave(ev);
    lastEsc = now;
  });
})();
