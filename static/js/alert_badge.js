// The header's open-alert badge: /ws/alerts/ pushes the new count (and a notice) whenever an alert changes.
(function () {
  var badge = document.querySelector("[data-testid=alert-badge]");
  if (!badge) return;
  var count = badge.querySelector("[data-testid=alert-count]");
  function connect(delay) {
    var ws = new WebSocket((location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/ws/alerts/");
    ws.onopen = function () { delay = 1000; badge.setAttribute("data-live", "1"); };
    ws.onmessage = function (e) {
      var data = JSON.parse(e.data);
      count.textContent = String(data.open);
      badge.classList.toggle("has-open", data.open > 0);
      if (data.notice) badge.title = data.notice;
    };
    ws.onclose = function (e) {
      badge.removeAttribute("data-live");
      if (e.code !== 4401 && e.code !== 4403) setTimeout(function () { connect(Math.min(delay * 2, 10000)); }, delay);
    };
  }
  connect(1000);
})();
