// Progressive enhancement only: every page works the same without this file.

// Destructive forms carry data-confirm="question"; ask before they submit. Without script the
// action simply happens, which the server allows anyway (and most are reversible by an admin).
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement)) return;
  const question = form.dataset.confirm;
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
});

// After a failed post, move focus to the error summary so keyboard and screen-reader users land
// on the list of problems (each links to its field) instead of at the top of the page.
document.addEventListener("DOMContentLoaded", () => {
  const summary = document.querySelector(".kp-error-summary");
  if (summary instanceof HTMLElement && !location.hash) {
    summary.focus();
  }
});
