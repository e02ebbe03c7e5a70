// Progressive enhancement of the registration pages; every page works without it.
//
// - Focus the error summary when a form comes back with errors, as GOV.UK Frontend does,
//   so that keyboard and screen-reader users land on the list of what to fix.
// - Register the ALTCHA proof-of-work worker from our own static files (a strict CSP allows
//   no inline script) and start the proof as soon as the page is shown, so that sending the
//   form is not delayed. If it cannot run, the form is sent without a proof and the
//   registrant confirms by e-mail instead.

const summary = document.querySelector(".govuk-error-summary");
if (summary) {
  summary.focus();
}

const form = document.querySelector("form[data-altcha-worker]");
const altcha = globalThis.$altcha;
if (form && altcha) {
  const workerUrl = form.dataset.altchaWorker;
  altcha.algorithms.set("PBKDF2/SHA-256", () => new Worker(workerUrl));
  const start = (widget) => {
    if (typeof widget.verify === "function" && widget.getState?.() === "unverified") {
      widget.verify();
    }
  };
  customElements.whenDefined("altcha-widget").then(() => {
    for (const widget of form.querySelectorAll("altcha-widget")) {
      widget.addEventListener("load", () => start(widget), { once: true });
      // The widget may have loaded before this module ran.
      setTimeout(() => start(widget), 0);
    }
  });
}
