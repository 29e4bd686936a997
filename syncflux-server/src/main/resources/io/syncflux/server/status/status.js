// SyncFlux status page: reloads the live part of the page every few seconds, and posts the recover and
// verify actions with the admin login typed into the form. Nothing is stored: the login is read from the
// form when a button is pressed and sent with that one request.
(function () {
  'use strict';

  var updated = document.getElementById('updated');
  var seconds = Number(updated && updated.getAttribute('data-refresh')) || 5;
  var failingSince = null;

  // on a narrow screen the timeline scrolls sideways: show its recent end, where "now" is
  function showNow() {
    var t = document.getElementById('timeline');
    if (t) {
      t.scrollLeft = t.scrollWidth;
    }
  }
  showNow();

  function refresh() {
    if (document.hidden) {
      return;
    }
    fetch(window.location.pathname, {cache: 'no-store', credentials: 'omit', headers: {'Accept': 'text/html'}})
      .then(function (r) {
        if (!r.ok) {
          throw new Error('HTTP ' + r.status);
        }
        return r.text();
      })
      .then(function (text) {
        var doc = new DOMParser().parseFromString(text, 'text/html');
        var live = doc.getElementById('live');
        var fresh = doc.getElementById('updated');
        if (live) {
          document.getElementById('live').innerHTML = live.innerHTML;
          showNow();
        }
        if (fresh) {
          updated.innerHTML = fresh.innerHTML;
          updated.classList.remove('stale');
        }
        document.title = doc.title;
        failingSince = null;
      })
      .catch(function () {
        if (!failingSince) {
          failingSince = new Date();
        }
        updated.textContent = 'the daemon does not answer since ' + failingSince.toLocaleTimeString()
          + '; showing what it last said';
        updated.classList.add('stale');
      });
  }

  window.setInterval(refresh, seconds * 1000);
  document.addEventListener('visibilitychange', function () {
    if (!document.hidden) {
      refresh();
    }
  });

  function basic(user, password) {
    var bytes = new TextEncoder().encode(user + ':' + password);
    var s = '';
    for (var i = 0; i < bytes.length; i++) {
      s += String.fromCharCode(bytes[i]);
    }
    return 'Basic ' + btoa(s);
  }

  var form = document.getElementById('action-form');
  var result = document.getElementById('action-result');
  var lastButton = null;
  form.querySelectorAll('button[type=submit]').forEach(function (b) {
    b.addEventListener('click', function () {
      lastButton = b;
    });
  });

  function show(text, ok) {
    result.textContent = text;
    result.className = ok ? 'ok' : 'error';
  }

  form.addEventListener('submit', function (ev) {
    ev.preventDefault();
    var button = ev.submitter || lastButton || document.getElementById('recover-button');
    var action = button.value === 'verify' ? 'verify' : 'recover';
    var start = form.elements.start.value.trim();
    var end = form.elements.end.value.trim();
    var user = form.elements.user.value;
    var password = form.elements.password.value;
    if (!start) {
      show('Start: enter a time (now, unix seconds, -10h or RFC3339).', false);
      form.elements.start.focus();
      return;
    }
    var query = 'start=' + encodeURIComponent(start) + (end ? '&end=' + encodeURIComponent(end) : '');
    if (action === 'verify' && form.elements.repair.checked) {
      query += '&repair=true';
    }
    var headers = {'Accept': 'application/json'};
    if (user) {
      headers.Authorization = basic(user, password);
    }
    show((action === 'verify' ? 'Verify' : 'Recovery') + ': sending…', true);
    fetch('/api/action/' + action + '?' + query, {method: 'POST', headers: headers, credentials: 'omit',
      cache: 'no-store'})
      .then(function (r) {
        return r.json().catch(function () {
          return {};
        }).then(function (body) {
          return {status: r.status, body: body};
        });
      })
      .then(function (a) {
        if (a.status === 202) {
          var w = (a.body.start || a.body.Start || start) + ' to ' + (a.body.end || a.body.End || end || 'now');
          show(action === 'verify' ? 'Verify of ' + w + ' started; its verdict appears under Checks by content.'
            : 'Recovery of ' + w + ' queued; it appears under Owed windows and recovery.', true);
          refresh();
        } else if (a.status === 401) {
          show(user ? 'Login refused: wrong admin user or password.'
            : 'Login required: enter the admin user and password.', false);
          form.elements[user ? 'password' : 'user'].focus();
        } else {
          show('Refused (HTTP ' + a.status + '): ' + (a.body.error || 'no reason given'), false);
        }
      })
      .catch(function (e) {
        show('The daemon did not answer: ' + e.message, false);
      });
  });
}());
