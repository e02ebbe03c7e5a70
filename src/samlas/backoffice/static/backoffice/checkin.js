// Check-in at the door (progressive enhancement; the page works without it):
// 1. keeps the arrivals count up to date by polling a small JSON endpoint;
// 2. where the browser can read QR codes (BarcodeDetector) and use the camera, offers a
//    "scan" button that fills in the check-in code and sends the form.
(function () {
  "use strict";

  var POLL_MS = 5000;

  function pollCount() {
    var box = document.querySelector("[data-checkin-count]");
    if (!box || !window.fetch) {
      return;
    }
    var url = box.getAttribute("data-checkin-count");
    var text = box.querySelector("[data-checkin-count-text]");

    function poll() {
      if (document.hidden) {
        window.setTimeout(poll, POLL_MS);
        return;
      }
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) {
          if (!response.ok) {
            throw new Error("HTTP " + response.status);
          }
          return response.json();
        })
        .then(function (data) {
          // Only a changed number is written, so a screen reader hears arrivals, not polls.
          if (text.textContent !== data.text) {
            text.textContent = data.text;
          }
          window.setTimeout(poll, POLL_MS);
        })
        .catch(function () {
          window.setTimeout(poll, POLL_MS * 3);
        });
    }

    window.setTimeout(poll, POLL_MS);
  }

  function scanner() {
    var form = document.querySelector("[data-checkin-scanner-form]");
    if (!form || !("BarcodeDetector" in window) || !navigator.mediaDevices ||
        !navigator.mediaDevices.getUserMedia) {
      return;
    }
    var scanButton = form.querySelector("[data-checkin-scan]");
    var panel = form.querySelector("[data-checkin-scanner]");
    var video = form.querySelector("[data-checkin-video]");
    var status = form.querySelector("[data-checkin-scan-status]");
    var stopButton = form.querySelector("[data-checkin-stop]");
    var input = form.querySelector("input[name=code]");
    var stream = null;
    var detector = null;

    function stop() {
      if (stream) {
        stream.getTracks().forEach(function (track) { track.stop(); });
        stream = null;
      }
      video.srcObject = null;
      panel.hidden = true;
      scanButton.hidden = false;
    }

    function detect() {
      if (!stream) {
        return;
      }
      detector.detect(video)
        .then(function (codes) {
          var found = codes.length ? codes[0].rawValue : "";
          if (found) {
            input.value = found.trim();
            status.textContent = "";
            stop();
            form.submit();
          } else {
            window.setTimeout(detect, 250);
          }
        })
        .catch(function () {
          window.setTimeout(detect, 500);
        });
    }

    function start() {
      status.textContent = form.getAttribute("data-text-starting");
      panel.hidden = false;
      scanButton.hidden = true;
      navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false })
        .then(function (media) {
          stream = media;
          video.srcObject = media;
          return video.play();
        })
        .then(function () {
          status.textContent = form.getAttribute("data-text-scanning");
          stopButton.focus();
          detect();
        })
        .catch(function () {
          stop();
          status.textContent = form.getAttribute("data-text-failed");
          input.focus();
        });
    }

    window.BarcodeDetector.getSupportedFormats()
      .then(function (formats) {
        if (formats.indexOf("qr_code") === -1) {
          return;
        }
        detector = new window.BarcodeDetector({ formats: ["qr_code"] });
        scanButton.hidden = false;
        scanButton.addEventListener("click", start);
        stopButton.addEventListener("click", function () {
          stop();
          status.textContent = "";
          scanButton.focus();
        });
        window.addEventListener("pagehide", stop);
      })
      .catch(function () { /* no QR support: the code field remains */ });
  }

  pollCount();
  scanner();
})();
