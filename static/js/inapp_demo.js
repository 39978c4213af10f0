// The in-app demo page: the contact's inbox over /ws/inapp/, as a customer's app would open it.
(function () {
  const token = JSON.parse(document.getElementById("inapp-token").textContent);
  const list = document.getElementById("inapp-list");
  const status = document.getElementById("inapp-status");
  const empty = document.getElementById("inapp-empty");
  let socket = null, retry = 500;  // status texts come translated from the page (data-text-*)

  function setStatus(state, text) { status.dataset.state = state; status.textContent = text; }
  function refreshEmpty() { empty.hidden = list.querySelector(".inapp-message:not(.read)") !== null; }

  function show(message) {
    if (list.querySelector('[data-message-id="' + message.id + '"]')) return;  // pushed twice: show once
    const item = document.createElement("li");
    item.className = "inapp-message" + (message.read ? " read" : "");
    item.dataset.messageId = message.id;
    const title = document.createElement("h3"); title.textContent = message.title;
    const body = document.createElement("p"); body.textContent = message.body;
    item.append(title, body);
    if (/^https?:\/\//i.test(message.link || "")) {  // never javascript: and the like
      const link = document.createElement("a"); link.href = message.link; link.textContent = message.link;
      link.rel = "noopener"; item.append(link, document.createTextNode(" "));
    }
    const read = document.createElement("button");
    read.type = "button"; read.className = "mark-read"; read.textContent = status.dataset.textRead;
    read.addEventListener("click", function () {
      if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify({type: "read", ids: [message.id]}));
    });
    item.append(read);
    list.prepend(item);
    refreshEmpty();
  }

  function connect() {
    const scheme = location.protocol === "https:" ? "wss" : "ws";
    socket = new WebSocket(scheme + "://" + location.host + "/ws/inapp/?token=" + encodeURIComponent(token));
    socket.addEventListener("open", function () { retry = 500; setStatus("open", status.dataset.textOpen); });
    socket.addEventListener("message", function (e) {
      const frame = JSON.parse(e.data);
      if (frame.type === "inbox") frame.messages.slice().reverse().forEach(show);
      else if (frame.type === "message") show(frame.message);
      else if (frame.type === "read") frame.ids.forEach(function (id) {
        const item = list.querySelector('[data-message-id="' + id + '"]');
        if (item) { item.classList.add("read"); const b = item.querySelector(".mark-read"); if (b) b.remove(); }
      });
      refreshEmpty();
    });
    socket.addEventListener("close", function (e) {
      if (e.code === 4401) { setStatus("denied", status.dataset.textDenied); return; }
      setStatus("closed", status.dataset.textClosed);
      setTimeout(connect, retry); retry = Math.min(retry * 2, 10000);
    });
  }
  connect();
})();
