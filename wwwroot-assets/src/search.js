// Title suggestions under every search box that has data-suggest (the header's and /zoeken's), as an ARIA 1.2
// combobox with a listbox popup. Only an enhancement: without it the box is a plain GET form to /zoeken.

const DELAY_MS = 150;

function setUp(input) {
  const form = input.form;
  const list = document.createElement("ul");
  const listId = `${input.id}-suggesties`;
  list.id = listId;
  list.className = "kp-suggest";
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", input.labels?.[0]?.textContent?.trim() ?? "");
  list.hidden = true;
  input.insertAdjacentElement("afterend", list);
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-controls", listId);

  let items = [];
  let active = -1;
  let timer = 0;
  let controller = null;

  const close = () => {
    list.hidden = true;
    list.replaceChildren();
    items = [];
    active = -1;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
  };

  const highlight = (index) => {
    active = index;
    list.querySelectorAll("[role=option]").forEach((option, i) => option.setAttribute("aria-selected", String(i === index)));
    if (index >= 0) input.setAttribute("aria-activedescendant", `${listId}-${index}`);
    else input.removeAttribute("aria-activedescendant");
  };

  const show = (suggestions) => {
    items = suggestions;
    list.replaceChildren(...suggestions.map((s, i) => {
      const option = document.createElement("li");
      option.id = `${listId}-${i}`;
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      option.lang = "nl";
      option.textContent = s.title;
      const type = document.createElement("span");
      type.className = "kp-suggest__type";
      type.textContent = ` (${s.typeLabel})`;
      option.append(type);
      // mousedown, not click: the input's blur would otherwise close the list first.
      option.addEventListener("mousedown", (event) => {
        event.preventDefault();
        window.location.assign(s.url);
      });
      return option;
    }));
    const open = suggestions.length > 0;
    list.hidden = !open;
    input.setAttribute("aria-expanded", String(open));
    active = -1;
  };

  const fetchSuggestions = async () => {
    const text = input.value.trim();
    if (text.length < 2) { close(); return; }
    controller?.abort();
    controller = new AbortController();
    try {
      const response = await fetch(`${input.dataset.suggest}?q=${encodeURIComponent(text)}`, {
        signal: controller.signal,
        headers: { Accept: "application/json" },
      });
      if (!response.ok) { close(); return; }
      show(await response.json());
    } catch (error) {
      if (error.name !== "AbortError") close();
    }
  };

  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(fetchSuggestions, DELAY_MS);
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown" && items.length > 0) {
      event.preventDefault();
      highlight((active + 1) % items.length);
    } else if (event.key === "ArrowUp" && items.length > 0) {
      event.preventDefault();
      highlight(active <= 0 ? items.length - 1 : active - 1);
    } else if (event.key === "Escape" && !list.hidden) {
      event.preventDefault();
      close();
    } else if (event.key === "Enter" && active >= 0) {
      event.preventDefault();
      window.location.assign(items[active].url);
    }
  });
  input.addEventListener("blur", () => setTimeout(close, 100));
  form?.addEventListener("submit", close);
}

document.addEventListener("DOMContentLoaded", () => {
  for (const input of document.querySelectorAll("input[data-suggest]")) {
    if (input instanceof HTMLInputElement && input.id) setUp(input);
  }
});
