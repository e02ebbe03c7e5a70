// Follows the sending of a message to participants: polls the counts from the outbox and
// updates the bar and the sentence until nothing is waiting. Without JavaScript the page
// has an "Update" link.
(function () {
  "use strict";
  var box = document.querySelector("[data-progress]");
  if (!box || !window.fetch) {
    return;
  }
  var url = box.getAttribute("data-progress");
  var bar = box.querySelector("[data-progress-bar]");
  var text = box.querySelector("[data-progress-text]");
  var template = text.getAttribute("data-template");

  function sentence(data) {
    return template.replace(/%\((\w+)\)s/g, function (all, name) {
      return String(data[name]);
    });
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("HTTP " + response.status);
        }
        return response.json();
      })
      .then(function (data) {
        bar.value = data.percent;
        bar.textContent = data.percent + " %";
        var words = sentence(data);
        if (text.textContent !== words) {
          text.textContent = words;
        }
        if (!data.done) {
          window.setTimeout(poll, 2000);
        }
      })
      .catch(function () {
        window.setTimeout(poll, 6000);
      });
  }

  window.setTimeout(poll, 1000);
})();
