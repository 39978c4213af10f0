// Live notices without reload: /ws/approvals/ pushes submissions to approvers and decisions to authors.
(function () {
  var box = document.getElementById("live-notices");
  if (!box) return;
  function connect(delay) {
    var ws = new WebSocket((location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/ws/approvals/");
    ws.onmessage = function (e) {
      var n = JSON.parse(e.data);
      var div = document.createElement("div");
      div.className = "notice-live";
      div.setAttribute("data-testid", "live-notice");
      div.setAttribute("data-journey-id", n.journey);
      var a = document.createElement("a");
      a.href = n.url; a.textContent = n.text;
      div.appendChild(a);
      box.prepend(div);
    };
    ws.onclose = function (e) { if (e.code !== 4401) setTimeout(function () { connect(Math.min(delay * 2, 10000)); }, delay); };
  }
  connect(1000);
})();
