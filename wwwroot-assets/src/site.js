// Progressive enhancement only: every page works the same without this file.

import "./editor.js";
import "./search.js";

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

// A table that scrolls sideways (narrow screens) must be reachable by keyboard to scroll it;
// the ones without links or fields inside get a tab stop and a name from their caption.
function labelScrollRegions() {
  for (const region of document.querySelectorAll(".kp-table-scroll:not([tabindex])")) {
    const overflows = region.scrollWidth > region.clientWidth;
    const hasFocusable = region.querySelector("a[href], button, input, select, textarea") !== null;
    if (!overflows || hasFocusable) continue;
    region.tabIndex = 0;
    region.setAttribute("role", "region");
    const caption = region.querySelector("caption");
    if (caption) {
      caption.id ||= `kp-caption-${Math.random().toString(36).slice(2, 8)}`;
      region.setAttribute("aria-labelledby", caption.id);
    }
  }
}
document.addEventListener("DOMContentLoaded", labelScrollRegions);
window.addEventListener("resize", labelScrollRegions);
