// The broadcast pages' writes go through the JSON API with the session and its CSRF token
// (/api/v1/broadcasts, …/{id}/{action}); the API checks roles and states again. Texts come from the page.
(function () {
  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  function post(url, body, method) {
    return fetch(url, {
      method: method || "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": csrfToken() },
      body: JSON.stringify(body)
    }).then(function (response) {
      return response.json().catch(function () { return null; }).then(function (data) {
        return { ok: response.ok, status: response.status, data: data };
      });
    });
  }

  // "detail", then each field's messages named by their field: the API's 400s name what to fix.
  function describe(data, status) {
    if (!data || typeof data !== "object") return "HTTP " + status;
    var parts = [];
    if (typeof data.detail === "string") parts.push(data.detail);
    Object.keys(data).forEach(function (key) {
      if (key === "detail" || key === "code") return;
      var value = data[key];
      var text = Array.isArray(value) ? value.join(" ") : (typeof value === "string" ? value : JSON.stringify(value));
      parts.push(key + ": " + text);
    });
    return parts.length ? parts.join(" · ") : "HTTP " + status;
  }

  function showError(box, prefix, text) {
    box.textContent = prefix + " " + text;
  }

  var form = document.getElementById("broadcast-form");
  if (form) {
    var segment = form.elements.segment, channel = form.elements.channel, template = form.elements.template;
    var sendAt = form.elements.send_at, audience = form.querySelector("[data-testid=audience-size]");
    var errors = form.querySelector("[data-testid=form-errors]");

    var showAudience = function () {
      var option = segment.options[segment.selectedIndex];
      var size = option && option.getAttribute("data-size");
      audience.textContent = size === null || size === undefined || !segment.value ? ""
        : form.getAttribute("data-audience-text")
          .replace("{n}", Number(size).toLocaleString(document.documentElement.lang));
    };
    var filterTemplates = function () {
      Array.prototype.forEach.call(template.options, function (option) {
        var fits = !option.value || option.getAttribute("data-channel") === channel.value;
        option.hidden = !fits;
        option.disabled = !fits;
      });
      var chosen = template.options[template.selectedIndex];
      if (chosen && chosen.disabled) template.value = "";
    };
    var toggleWhen = function () {
      var at = form.querySelector("input[name=when]:checked").value === "at";
      sendAt.disabled = !at;
      sendAt.required = at;
    };
    // Editing: the stored UTC send time, shown in the browser's time zone as datetime-local wants it.
    var stored = sendAt.getAttribute("data-utc");
    if (stored && !sendAt.value) {
      var local = new Date(stored);
      if (!isNaN(local.getTime())) {
        local.setMinutes(local.getMinutes() - local.getTimezoneOffset());
        sendAt.value = local.toISOString().slice(0, 16);
      }
    }
    segment.addEventListener("change", showAudience);
    channel.addEventListener("change", filterTemplates);
    Array.prototype.forEach.call(form.querySelectorAll("input[name=when]"), function (radio) {
      radio.addEventListener("change", toggleWhen);
    });
    showAudience(); filterTemplates(); toggleWhen();

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      errors.textContent = "";
      var at = !sendAt.disabled && sendAt.value ? new Date(sendAt.value) : null;
      var body = {
        name: form.elements.name.value, segment: segment.value, channel: channel.value, template: template.value,
        send_at: at && !isNaN(at.getTime()) ? at.toISOString() : null,
        send_over_minutes: Number(form.elements.send_over_minutes.value || 0)
      };
      if (!sendAt.disabled && !body.send_at) body.send_at = sendAt.value || "";  // the API names the field
      post(form.getAttribute("data-api"), body, form.getAttribute("data-method")).then(function (result) {
        if (result.ok) { window.location.assign("/broadcasts/" + result.data.id + "/"); return; }
        showError(errors, form.getAttribute("data-failed-text"), describe(result.data, result.status));
      }).catch(function (error) { showError(errors, form.getAttribute("data-failed-text"), String(error)); });
    });
  }

  var review = document.querySelector("[data-testid=review]");
  if (review) {
    var box = review.querySelector("[data-testid=action-errors]");
    Array.prototype.forEach.call(review.querySelectorAll("[data-broadcast-action]"), function (button) {
      button.addEventListener("click", function () {
        var question = button.getAttribute("data-confirm");
        if (question && !window.confirm(question)) return;
        var comment = review.querySelector("textarea[name=comment]");
        var buttons = review.querySelectorAll("[data-broadcast-action]");
        Array.prototype.forEach.call(buttons, function (b) { b.disabled = true; });
        post(review.getAttribute("data-api") + button.getAttribute("data-broadcast-action"),
             { comment: comment ? comment.value : "" }).then(function (result) {
          if (result.ok) { window.location.reload(); return; }
          Array.prototype.forEach.call(buttons, function (b) { b.disabled = false; });
          showError(box, review.getAttribute("data-failed-text"), describe(result.data, result.status));
        });
      });
    });
  }
})();
