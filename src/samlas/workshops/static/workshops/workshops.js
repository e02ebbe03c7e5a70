/* Workshops: small progressive enhancements; every page works without this file.
 *
 * 1. [data-live-url]: fetch the server-rendered live results every data-live-interval ms
 *    and swap them in (the presenter view; without JavaScript a <noscript> refresh does it).
 * 2. [data-ws-points]: show the running total of a dot-voting ballot while typing.
 */
(function () {
  "use strict";

  function startLive(region) {
    var url = region.getAttribute("data-live-url");
    var interval = parseInt(region.getAttribute("data-live-interval"), 10) || 1500;
    var last = null;
    var busy = false;
    function poll() {
      if (busy || document.hidden) { return; }
      busy = true;
      fetch(url, { credentials: "same-origin", cache: "no-store" })
        .then(function (response) {
          // A redirect means the login expired: keep the last results rather than a login page.
          if (!response.ok || response.redirected) { throw new Error(String(response.status)); }
          return response.text();
        })
        .then(function (html) {
          if (html !== last) {
            last = html;
            region.innerHTML = html;
          }
        })
        .catch(function () { /* The next poll tries again. */ })
        .then(function () { busy = false; });
    }
    window.setInterval(poll, interval);
  }

  function startPointsTotal(ballot) {
    var points = parseInt(ballot.getAttribute("data-ws-points"), 10);
    var inputs = ballot.querySelectorAll("input[type=number]");
    var output = document.createElement("p");
    output.className = "govuk-body samlas-ws-total";
    output.setAttribute("aria-live", "polite");
    ballot.appendChild(output);
    // The sentence comes translated from the server, with {used} and {points} to fill in.
    var template = ballot.getAttribute("data-ws-total-text");
    function update() {
      var used = 0;
      Array.prototype.forEach.call(inputs, function (input) {
        var value = parseInt(input.value, 10);
        if (value > 0) { used += value; }
      });
      output.textContent = template.replace("{used}", used).replace("{points}", points);
      output.classList.toggle("samlas-ws-total--over", used > points);
    }
    Array.prototype.forEach.call(inputs, function (input) {
      input.addEventListener("input", update);
    });
    update();
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (window.fetch) {
      Array.prototype.forEach.call(document.querySelectorAll("[data-live-url]"), startLive);
    }
    Array.prototype.forEach.call(document.querySelectorAll("[data-ws-points]"), startPointsTotal);
  });
})();
