// The /templates/<slug>/ editor: saves through the v1 API (Ctrl+S), shows the server's preview per language,
// sends a test to a chosen contact. The server decides permissions and renders; this script shows what it is told.
(function () {
  var bootNode = document.getElementById("template-editor-boot");
  var form = document.getElementById("template-form");
  if (!bootNode || !form) return;
  var boot = JSON.parse(bootNode.textContent);
  var text = boot.messages;
  var activeLocale = "";

  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  function call(method, url, body) {
    return fetch(url, {
      method: method, credentials: "same-origin",
      headers: {"Accept": "application/json", "Content-Type": "application/json", "X-CSRFToken": csrfToken()},
      body: body === undefined ? undefined : JSON.stringify(body),
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        return {ok: response.ok, status: response.status, data: data};
      });
    });
  }

  function format(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (_, key) { return values[key] === undefined ? "" : values[key]; });
  }

  function problem(data) {
    if (data.detail) return data.detail;
    return Object.keys(data).map(function (key) { return key + ": " + [].concat(data[key]).join(" "); }).join("; ");
  }

  function channel() {
    var select = form.querySelector("select[name=channel]");
    return select ? select.value : boot.channel;
  }

  function section() { return form.querySelector('section[data-channel="' + channel() + '"]'); }

  function showChannel() {
    form.querySelectorAll("section[data-channel]").forEach(function (node) {
      node.hidden = node.getAttribute("data-channel") !== channel();
    });
    showLocale(activeLocale);
  }

  function showLocale(code) {
    activeLocale = code;
    form.querySelectorAll("[role=tab]").forEach(function (tab) {
      tab.setAttribute("aria-selected", tab.getAttribute("data-tab") === code ? "true" : "false");
    });
    form.querySelectorAll("section[data-channel] > [data-locale]").forEach(function (panel) {
      panel.hidden = panel.getAttribute("data-locale") !== code;
    });
    var select = document.querySelector("[data-testid=preview-locale]");
    if (select && boot.slug) { select.value = code; runPreview(); }
  }

  function setPresent(code, present) {
    form.querySelectorAll('[data-locale="' + code + '"]').forEach(function (panel) {
      panel.setAttribute("data-present", present ? "1" : "0");
    });
    var tab = form.querySelector('[role=tab][data-tab="' + code + '"]');
    if (tab) tab.hidden = !present;
    var add = form.querySelector('[data-add-locale="' + code + '"]');
    if (add) add.hidden = present;
    showLocale(present ? code : "");
  }

  function fieldValue(input) {
    var value = input.value;
    if (input.getAttribute("data-field") !== "data") return value;
    if (!value.trim()) return {};
    var parsed = JSON.parse(value);  // the caller reports a SyntaxError against the field
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) throw new SyntaxError(text.badJson);
    return parsed;
  }

  function collect() {
    var body = {name: form.querySelector("input[name=name]").value, locales: {}};
    var current = section();
    current.querySelectorAll('[data-locale=""] [data-field]').forEach(function (input) {
      body[input.getAttribute("data-field")] = fieldValue(input);
    });
    current.querySelectorAll('[data-locale]:not([data-locale=""])').forEach(function (panel) {
      if (panel.getAttribute("data-present") !== "1") return;
      var variant = {};
      panel.querySelectorAll("[data-field]").forEach(function (input) {
        variant[input.getAttribute("data-field")] = fieldValue(input);
      });
      body.locales[panel.getAttribute("data-locale")] = variant;
    });
    if (boot.isNew) {
      body.slug = form.querySelector("input[name=slug]").value.trim();
      body.channel = channel();
    }
    return body;
  }

  function markInvalid(path) {
    form.querySelectorAll("[aria-invalid]").forEach(function (node) { node.removeAttribute("aria-invalid"); });
    if (!path) return;
    var input = section() && section().querySelector('[data-path="' + path + '"]') ||
      form.querySelector('[data-path="' + path + '"]');
    if (!input) return;
    input.setAttribute("aria-invalid", "true");
    var match = /^locales\.([^.]+)\./.exec(path);
    showLocale(match ? match[1] : "");
    input.focus();
  }

  function save() {
    if (!boot.mayEdit) return;
    var status = form.querySelector("[data-testid=save-status]");
    var body;
    try {
      body = collect();
    } catch (error) {
      status.className = "status error";
      status.textContent = text.saveFailed + " " + error.message;
      return;
    }
    var url = boot.isNew ? "/api/v1/templates/" : "/api/v1/templates/" + encodeURIComponent(boot.slug) + "/";
    call(boot.isNew ? "POST" : "PATCH", url, body).then(function (result) {
      if (!result.ok) {
        status.className = "status error";
        status.textContent = text.saveFailed + " " + problem(result.data);
        markInvalid(result.data.field || Object.keys(result.data)[0]);
        return;
      }
      // Reloaded, so the version history shows the new revision.
      window.location.href = "/templates/" + encodeURIComponent(result.data.slug) + "/?saved=1";
    });
  }

  function runPreview() {
    var box = document.querySelector("[data-testid=preview]");
    if (!box || !boot.slug) return;
    var status = box.querySelector("[data-testid=preview-status]");
    var userId = box.querySelector("[data-testid=preview-user]").value.trim();
    var locale = box.querySelector("[data-testid=preview-locale]").value;
    var body = {};
    if (userId) body.userId = userId;
    if (locale !== "contact") body.locale = locale;
    call("POST", "/api/v1/templates/" + encodeURIComponent(boot.slug) + "/preview", body).then(function (result) {
      var rendered = box.querySelector("[data-testid=preview-rendered]");
      var warnings = box.querySelector("[data-testid=preview-warnings]");
      var segments = box.querySelector("[data-testid=sms-segments]");
      rendered.textContent = ""; warnings.textContent = ""; segments.textContent = "";
      if (!result.ok) {
        status.className = "status error";
        status.textContent = text.previewFailed + " " + problem(result.data);
        return;
      }
      status.className = "status"; status.textContent = "";
      var data = result.data;
      box.querySelector("[data-testid=preview-locale-used]").textContent =
        (data.userId || text.noContact) + " · " + (data.locale || text.defaultContent);
      Object.keys(data.rendered).forEach(function (key) {
        var dt = document.createElement("dt"); dt.textContent = key;
        var dd = document.createElement("dd"); dd.setAttribute("data-rendered", key);
        dd.textContent = data.rendered[key] === "" ? text.nothing : data.rendered[key];
        rendered.appendChild(dt); rendered.appendChild(dd);
      });
      if (data.sms) {
        segments.textContent = format(text.segments, {segments: data.sms.segments, units: data.sms.units,
                                                      encoding: data.sms.encoding, per: data.sms.per_segment});
      }
      if (data.missing.length) {
        var li = document.createElement("li"); li.setAttribute("data-testid", "preview-missing");
        li.textContent = text.missing + " " + data.missing.join(", ");
        warnings.appendChild(li);
      }
    });
  }

  function runTest() {
    var box = document.querySelector("[data-testid=test-send]");
    var status = box.querySelector("[data-testid=test-status]");
    var body = {userId: box.querySelector("[data-testid=test-user]").value.trim(),
                to: box.querySelector("[data-testid=test-to]").value.trim()};
    call("POST", "/api/v1/templates/" + encodeURIComponent(boot.slug) + "/test", body).then(function (result) {
      status.className = result.ok ? "status" : "status error";
      status.textContent = result.ok ? format(text.testSent, result.data) : text.testFailed + " " + problem(result.data);
    });
  }

  form.addEventListener("submit", function (event) { event.preventDefault(); save(); });
  document.addEventListener("keydown", function (event) {
    if ((event.ctrlKey || event.metaKey) && (event.key === "s" || event.key === "S")) {
      event.preventDefault();
      save();
    }
  });
  form.querySelectorAll("[role=tab]").forEach(function (tab) {
    tab.addEventListener("click", function () { showLocale(tab.getAttribute("data-tab")); });
  });
  form.querySelectorAll("[data-add-locale]").forEach(function (button) {
    button.addEventListener("click", function () { setPresent(button.getAttribute("data-add-locale"), true); });
  });
  form.querySelectorAll("[data-remove-locale]").forEach(function (button) {
    button.addEventListener("click", function () { setPresent(button.getAttribute("data-remove-locale"), false); });
  });
  var channelSelect = form.querySelector("select[name=channel]");
  if (channelSelect) channelSelect.addEventListener("change", showChannel);
  var previewButton = document.querySelector("[data-testid=preview-run]");
  if (previewButton) previewButton.addEventListener("click", runPreview);
  var localeSelect = document.querySelector("[data-testid=preview-locale]");
  if (localeSelect) localeSelect.addEventListener("change", runPreview);
  var testButton = document.querySelector("[data-testid=test-run]");
  if (testButton) testButton.addEventListener("click", runTest);
  showChannel();
})();
