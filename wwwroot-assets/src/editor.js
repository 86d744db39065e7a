// Live Markdown preview under every textarea marked data-markdown-preview (an enhancement: the
// forms post the same without it). The server renders with the one pipeline posts are saved with,
// so the preview shows exactly what readers will see, plus what the privacy guard would ask about.

const endpoint = "/api/markdown-voorbeeld";

function debounce(fn, ms) {
  let timer;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}

function enhance(textarea) {
  const form = textarea.form;
  const token = form?.querySelector("input[name=__RequestVerificationToken]")?.value;
  if (!form || !token) return;

  const id = `${textarea.id}-preview`;
  const wrapper = document.createElement("div");
  wrapper.className = "kp-preview";
  const toggle = document.createElement("button");
  toggle.type = "button";
  toggle.className = "utrecht-button utrecht-button--subtle kp-preview__toggle";
  toggle.textContent = textarea.dataset.markdownPreview;
  toggle.setAttribute("aria-expanded", "false");
  toggle.setAttribute("aria-controls", id);
  const panel = document.createElement("div");
  panel.id = id;
  panel.className = "kp-preview__panel";
  panel.hidden = true;
  const warning = document.createElement("p");
  warning.className = "kp-preview__warning";
  warning.hidden = true;
  const body = document.createElement("div");
  body.className = "kp-markdown";
  body.lang = textarea.lang || "nl";
  panel.append(warning, body);
  wrapper.append(toggle, panel);
  textarea.insertAdjacentElement("afterend", wrapper);

  let latest = 0;
  async function render() {
    if (panel.hidden) return;
    const request = ++latest;
    if (!textarea.value.trim()) {
      body.textContent = textarea.dataset.previewEmpty;
      warning.hidden = true;
      return;
    }
    try {
      const response = await fetch(endpoint, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ text: textarea.value, __RequestVerificationToken: token }),
        credentials: "same-origin",
      });
      const result = await response.json();
      if (request !== latest) return;
      if (!response.ok) throw new Error(result.error ?? response.statusText);
      // The server's pipeline has raw HTML off and only safe URLs: this HTML is what the saved post shows.
      body.innerHTML = result.html;
      warning.hidden = !result.warning;
      warning.textContent = result.warning
        ? `${result.warning} (${result.findings.map((f) => `${f.kind}: ${f.text}`).join("; ")})`
        : "";
    } catch {
      if (request === latest) body.textContent = textarea.dataset.previewFailed;
    }
  }

  toggle.addEventListener("click", () => {
    const open = panel.hidden;
    panel.hidden = !open;
    toggle.setAttribute("aria-expanded", String(open));
    if (open) render();
  });
  textarea.addEventListener("input", debounce(render, 300));
}

document.addEventListener("DOMContentLoaded", () => {
  for (const textarea of document.querySelectorAll("textarea[data-markdown-preview]")) enhance(textarea);
});

// Keep what is being typed in this tab's session storage, so a reload, a lost connection or an
// accidental navigation does not lose it. Session storage (not local) because municipal computers
// are shared and the text may be sensitive: it is gone when the tab closes.
function keepDraft(textarea) {
  const key = `kp-draft:${location.pathname}:${textarea.name}`;
  const saved = sessionStorage.getItem(key);
  if (saved && !textarea.value.trim()) textarea.value = saved;
  textarea.addEventListener("input", debounce(() => {
    if (textarea.value.trim()) sessionStorage.setItem(key, textarea.value);
    else sessionStorage.removeItem(key);
  }, 500));
  textarea.form?.addEventListener("submit", () => sessionStorage.removeItem(key));
}

document.addEventListener("DOMContentLoaded", () => {
  for (const textarea of document.querySelectorAll("textarea[data-markdown-preview]")) keepDraft(textarea);
});
