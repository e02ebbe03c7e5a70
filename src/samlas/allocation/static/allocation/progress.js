// Follows a running seat allocation: polls its progress and reloads the page when it has
// finished, so that the result appears. Without JavaScript a <noscript> refresh does the same.
(function () {
  "use strict";
  var box = document.querySelector("[data-allocation-progress]");
  if (!box) {
    return;
  }
  var url = box.getAttribute("data-allocation-progress");
  var bar = box.querySelector("progress");
  var phase = box.querySelector("[data-allocation-phase]");

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("HTTP " + response.status);
        }
        return response.json();
      })
      .then(function (data) {
        bar.value = data.progress;
        bar.textContent = data.progress + " %";
        var text = data.phase + " – " + data.progress + " %";
        if (phase.textContent !== text) {
          phase.textContent = text;
        }
        if (data.active) {
          window.setTimeout(poll, 1500);
        } else {
          window.location.reload();
        }
      })
      .catch(function () {
        window.setTimeout(poll, 5000);
      });
  }

  window.setTimeout(poll, 1000);
})();
