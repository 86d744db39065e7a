// The live chat page. Without this file the page still works (history, a form that posts); with it, messages
// arrive through the SignalR hub, are sent from a queue that survives going offline, and after every
// (re)connect the page asks for everything after the last message id it has, so nothing is missed or doubled.
// Every text shown comes from the page's data-text-* attributes (translated on the server).
import { HubConnectionBuilder, HubConnectionState, LogLevel } from "@microsoft/signalr";

const root = document.getElementById("chat");
if (root && root.dataset.live === "true") start(root);

class Refusal extends Error {}

function start(root) {
  const text = (key, ...args) =>
    (root.dataset["text" + key] ?? "").replace(/\{(\d+)\}/g, (_, i) => String(args[Number(i)] ?? ""));
  const $ = (id) => document.getElementById(id);
  const list = $("chat-messages");
  const log = $("chat-log");
  const status = $("chat-status");
  const announcer = $("chat-announce");
  const typingLine = $("chat-typing");
  const onlineList = $("chat-online");
  const form = $("chat-form");
  const template = $("chat-message-template");
  const textarea = form?.querySelector("textarea");
  const slug = root.dataset.slug;
  const queueKey = `kp-chat-queue:${slug}`;
  const dateFormat = new Intl.DateTimeFormat(document.documentElement.lang || "nl", {
    day: "numeric", month: "long", year: "numeric", hour: "2-digit", minute: "2-digit", timeZone: "Europe/Amsterdam",
  });

  let communityId = 0;
  let me = null;
  let canSend = false;
  let canModerate = false;
  let editWindowMs = 10 * 60 * 1000;
  let joined = false;
  let everJoined = false;
  let stopped = false;
  let flushing = false;
  let lastId = Number(root.dataset.lastId) || 0;
  let firstId = Number(root.dataset.firstId) || 0;
  let hasOlder = root.dataset.hasOlder === "true";
  let loadingOlder = false;
  let lastTypingSent = 0;
  const typers = new Map();
  /** Messages written but not yet acknowledged by the server: [{ clientId, body }], kept in the tab's session storage. */
  let queue = readQueue();

  const connection = new HubConnectionBuilder()
    .withUrl("/hubs/chat")
    // Keep trying (at most every 10 s) instead of giving up after four attempts.
    .withAutomaticReconnect({ nextRetryDelayInMilliseconds: (ctx) => Math.min(500 * 2 ** ctx.previousRetryCount, 10000) })
    .configureLogging(LogLevel.None)
    .build();

  connection.on("message", (m) => { if (m.communityId === communityId) upsert(m, true); });
  connection.on("changed", (m) => { if (m.communityId === communityId) changed(m); });
  connection.on("presence", (id, people) => { if (id === communityId) showPresence(people); });
  connection.on("typing", (id, userId, name) => { if (id === communityId) showTyping(userId, name); });
  connection.on("removed", (id, message) => { if (id === communityId) end(message); });
  connection.on("refused", (message) => end(message));
  connection.onreconnecting(() => { joined = false; setStatus(text("Reconnecting")); });
  connection.onreconnected(() => joinAndCatchUp(true));
  connection.onclose(() => {
    joined = false;
    if (!stopped && navigator.onLine) setTimeout(connect, 2000);
  });

  // The browser knows it is offline before the socket notices: stop, queue, and start again when it is back.
  window.addEventListener("offline", () => {
    joined = false;
    setStatus(text("Offline"));
    connection.stop().catch(() => {});
  });
  window.addEventListener("online", () => connect());

  wireForm();
  wireOlder();
  renderQueued();
  scrollToBottom();
  connect();

  async function connect() {
    if (stopped || connection.state !== HubConnectionState.Disconnected) return;
    if (!navigator.onLine) { setStatus(text("Offline")); return; }
    setStatus(text("Connecting"));
    try {
      await connection.start();
      await joinAndCatchUp(everJoined);
    } catch {
      if (!stopped && connection.state === HubConnectionState.Disconnected) {
        setStatus(navigator.onLine ? text("Reconnecting") : text("Offline"));
        setTimeout(connect, 3000);
      }
    }
  }

  async function joinAndCatchUp(again) {
    try {
      const info = await call("Join", slug);
      communityId = info.communityId;
      me = info.userId;
      canSend = info.canSend;
      canModerate = info.canModerate;
      editWindowMs = info.editWindowSeconds * 1000;
      joined = true;
      everJoined = true;
      showPresence(info.online);
      // Joined first, then asked for what came after the last id: whatever arrives meanwhile is merged by id.
      let page;
      do {
        page = await call("History", communityId, null, lastId);
        for (const m of page.messages) upsert(m, again);
      } while (page.hasNewer);
      for (const li of list.querySelectorAll("li[data-id]")) refreshTools(li);
      setStatus(again ? text("CaughtUp") : text("Connected"));
      markRead();
      await flush();
    } catch (error) {
      const refusal = hubMessage(error);
      if (refusal !== null) end(refusal); // no longer a member: stop instead of retrying forever
      else setStatus(text("Reconnecting"));
    }
  }

  function end(message) {
    stopped = true;
    joined = false;
    setStatus(message);
    connection.stop().catch(() => {});
    if (form) for (const el of form.elements) el.disabled = true;
  }

  // ---- sending -------------------------------------------------------------------------------------------

  function wireForm() {
    if (!form || !textarea) return;
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const body = textarea.value.trim();
      if (!body) return;
      const item = { clientId: newClientId(), body };
      queue.push(item);
      saveQueue();
      renderPending(item, text(joined ? "Sending" : "Queued"));
      textarea.value = "";
      clearError();
      scrollToBottom();
      flush();
    });
    textarea.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        form.requestSubmit();
      }
    });
    textarea.addEventListener("input", () => {
      const now = Date.now();
      if (!joined || now - lastTypingSent < 3000) return;
      lastTypingSent = now;
      call("Typing", communityId).catch(() => {});
    });
  }

  /** Sends the queue in order, once each: an answer removes the item; a lost connection leaves it for the next flush. */
  async function flush() {
    if (flushing) return;
    flushing = true;
    try {
      while (queue.length > 0 && joined && connection.state === HubConnectionState.Connected) {
        const item = queue[0];
        pendingItem(item.clientId)?.querySelector(".kp-chat__edited")?.replaceChildren(text("Sending"));
        try {
          const message = await call("Send", communityId, item.clientId, item.body);
          queue.shift();
          saveQueue();
          upsert(message, false);
          markRead();
        } catch (error) {
          const refusal = hubMessage(error);
          if (refusal === null) break; // connection trouble: keep it queued, the server deduplicates a retry
          queue.shift();
          saveQueue();
          pendingItem(item.clientId)?.remove();
          if (textarea && !textarea.value) textarea.value = item.body; // refused: nothing typed is lost
          showError(refusal);
        }
      }
    } finally {
      flushing = false;
    }
    for (const item of queue) {
      pendingItem(item.clientId)?.querySelector(".kp-chat__edited")?.replaceChildren(text(joined ? "Sending" : "Queued"));
    }
  }

  function renderQueued() {
    for (const item of queue) renderPending(item, text("Queued"));
  }

  function renderPending(item, state) {
    const li = template.content.firstElementChild.cloneNode(true);
    li.classList.add("kp-chat__message--pending");
    li.dataset.clientId = item.clientId;
    li.querySelector(".kp-chat__choose").remove();
    li.querySelector(".kp-chat__author").textContent = "";
    li.querySelector("time").remove();
    const stateEl = li.querySelector(".kp-chat__edited");
    stateEl.hidden = false;
    stateEl.textContent = state;
    const body = li.querySelector(".kp-chat__body");
    body.textContent = item.body;
    body.lang = "nl";
    list.append(li);
    $("chat-empty")?.remove();
  }

  const pendingItem = (clientId) => list.querySelector(`li.kp-chat__message--pending[data-client-id="${CSS.escape(clientId)}"]`);

  // ---- receiving -----------------------------------------------------------------------------------------

  /** Adds or replaces a message by id (and the pending copy by client id), keeping id order. */
  function upsert(m, announce) {
    const existing = list.querySelector(`li[data-id="${m.id}"]`);
    const pending = m.authorId === me ? pendingItem(m.clientId) : null;
    const li = render(m, existing);
    if (existing) {
      pending?.remove();
      return;
    }
    const atBottom = isAtBottom();
    if (pending) pending.replaceWith(li);
    else {
      const next = [...list.querySelectorAll("li[data-id]")].find((x) => Number(x.dataset.id) > m.id);
      const firstPending = list.querySelector("li.kp-chat__message--pending");
      list.insertBefore(li, next ?? firstPending ?? null);
    }
    $("chat-empty")?.remove();
    lastId = Math.max(lastId, m.id);
    if (firstId === 0) firstId = m.id;
    if (m.authorId === me) { scrollToBottom(); return; }
    if (announce) {
      typers.delete(m.authorId);
      renderTyping();
      say(text("NewMessage", m.authorName ?? text("Former"), m.body ?? ""));
      if (!atBottom || document.hidden) addMarker(li);
    }
    if (atBottom) { scrollToBottom(); markRead(); }
  }

  function changed(m) {
    const existing = list.querySelector(`li[data-id="${m.id}"]`);
    if (!existing) return;
    const wasDeleted = existing.classList.contains("kp-chat__message--deleted");
    render(m, existing);
    if (m.isDeleted && !wasDeleted) say(text("MessageDeleted"));
    else if (!m.isDeleted && m.authorId !== me && m.editedAt) say(text("MessageEdited", m.authorName ?? text("Former")));
  }

  function render(m, existing) {
    const li = template.content.firstElementChild.cloneNode(true);
    const wasChecked = existing?.querySelector("input[type=checkbox]")?.checked ?? false;
    li.id = `bericht-${m.id}`;
    li.dataset.id = m.id;
    li.dataset.clientId = m.clientId;
    li.dataset.authorId = m.authorId ?? "";
    li.dataset.created = String(Date.parse(m.createdAt));
    const name = m.authorName ?? text("Former");
    const choose = li.querySelector(".kp-chat__choose");
    if (canSend && !m.isDeleted && document.getElementById("promote-form")) {
      const box = choose.querySelector("input");
      box.id = `kies-${m.id}`;
      box.value = m.id;
      box.checked = wasChecked;
      const label = choose.querySelector("label");
      label.htmlFor = box.id;
      label.textContent = text("Choose", name);
    } else choose.remove();
    li.querySelector(".kp-chat__author").textContent = name;
    const time = li.querySelector("time");
    time.dateTime = m.createdAt;
    time.textContent = dateFormat.format(new Date(m.createdAt));
    const edited = li.querySelector(".kp-chat__edited");
    if (m.editedAt && !m.isDeleted) { edited.hidden = false; edited.textContent = `(${text("Edited")})`; }
    if (me && m.mentionedUserIds?.includes(me)) {
      li.classList.add("kp-chat__message--mention");
      const tag = li.querySelector(".kp-chat__mention");
      tag.hidden = false;
      tag.textContent = text("MentionsYou");
    }
    const body = li.querySelector(".kp-chat__body");
    if (m.isDeleted) {
      li.classList.add("kp-chat__message--deleted");
      const em = document.createElement("em");
      em.textContent = text("Deleted");
      body.append(em);
    } else {
      body.lang = "nl";
      // Rendered by the server from HTML-encoded text (no HTML from members comes through).
      body.innerHTML = m.html;
      body.dataset.source = m.body ?? "";
    }
    if (m.promotedThreadUrl) li.dataset.promoted = m.promotedThreadUrl;
    if (m.promotedLessonUrl) li.dataset.promotedLesson = m.promotedLessonUrl;
    refreshTools(li);
    if (existing) {
      const marker = existing.previousElementSibling?.classList.contains("kp-chat__marker");
      existing.replaceWith(li);
      if (marker) { /* the marker stays where it was */ }
    }
    return li;
  }

  /** Edit and delete buttons for what this person may do now (the server checks again). */
  function refreshTools(li) {
    const tools = li.querySelector(".kp-chat__tools");
    if (!tools || li.classList.contains("kp-chat__message--pending")) return;
    const focused = tools.contains(document.activeElement) ? document.activeElement.dataset.action : null;
    tools.replaceChildren();
    for (const [url, label] of [[li.dataset.promoted, "Promoted"], [li.dataset.promotedLesson, "PromotedLesson"]]) {
      if (!url) continue;
      const a = document.createElement("a");
      a.className = "utrecht-link";
      a.href = url;
      a.textContent = text(label);
      tools.append(a);
    }
    if (li.classList.contains("kp-chat__message--deleted") || !me) return;
    const own = li.dataset.authorId === me && canSend;
    const young = Date.now() - Number(li.dataset.created) <= editWindowMs;
    const id = Number(li.dataset.id);
    if (own && young) tools.append(button(text("Edit"), "edit", () => startEdit(li)));
    if ((own && young) || canModerate) {
      tools.append(button(text("Delete"), "delete", async () => {
        if (!window.confirm(text("ConfirmDelete"))) return;
        try {
          changed(await call("Delete", id));
        } catch (error) {
          showError(hubMessage(error) ?? text("Offline"));
        }
      }));
    }
    if (focused) tools.querySelector(`[data-action="${focused}"]`)?.focus();
  }

  function startEdit(li) {
    const body = li.querySelector(".kp-chat__body");
    const tools = li.querySelector(".kp-chat__tools");
    const editor = document.createElement("form");
    editor.className = "kp-chat__editor";
    const id = `bewerk-${li.dataset.id}`;
    const label = document.createElement("label");
    label.className = "utrecht-form-label";
    label.htmlFor = id;
    label.textContent = text("EditLabel");
    const area = document.createElement("textarea");
    area.className = "utrecht-textarea";
    area.id = id;
    area.rows = 3;
    area.lang = "nl";
    area.value = body.dataset.source ?? body.textContent;
    const save = document.createElement("button");
    save.type = "submit";
    save.className = "utrecht-button utrecht-button--primary-action";
    save.textContent = text("Save");
    const cancel = button(text("Cancel"), "cancel", () => close());
    editor.append(label, area, save, cancel);
    body.hidden = true;
    tools.hidden = true;
    li.append(editor);
    area.focus();
    const close = () => {
      editor.remove();
      body.hidden = false;
      tools.hidden = false;
      tools.querySelector('[data-action="edit"]')?.focus();
    };
    area.addEventListener("keydown", (event) => {
      if (event.key === "Escape") { event.preventDefault(); close(); }
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) { event.preventDefault(); editor.requestSubmit(); }
    });
    editor.addEventListener("submit", async (event) => {
      event.preventDefault();
      try {
        const m = await call("Edit", Number(li.dataset.id), area.value);
        changed(m);
        list.querySelector(`li[data-id="${m.id}"] [data-action="edit"]`)?.focus();
      } catch (error) {
        showError(hubMessage(error) ?? text("Offline"));
      }
    });
  }

  // ---- older messages ------------------------------------------------------------------------------------

  function wireOlder() {
    const link = $("chat-older");
    if (link) {
      const btn = button(text("LoadOlder"), "older", loadOlder);
      btn.id = "chat-older";
      link.replaceWith(btn);
    }
    log.addEventListener("scroll", () => {
      if (log.scrollTop < 40) loadOlder();
      if (isAtBottom()) markRead();
    });
  }

  async function loadOlder() {
    if (!hasOlder || loadingOlder || !joined || firstId === 0) return;
    loadingOlder = true;
    try {
      const page = await call("History", communityId, firstId, null);
      const height = log.scrollHeight;
      const anchor = list.firstElementChild;
      for (const m of page.messages) {
        if (list.querySelector(`li[data-id="${m.id}"]`)) continue;
        list.insertBefore(render(m, null), anchor);
      }
      if (page.messages.length > 0) firstId = page.messages[0].id;
      hasOlder = page.hasOlder;
      log.scrollTop += log.scrollHeight - height;
      if (!hasOlder) {
        const p = document.createElement("p");
        p.className = "kp-chat__older kp-meta";
        p.id = "chat-start";
        p.textContent = text("NoOlder");
        $("chat-older")?.parentElement?.replaceWith(p);
      }
    } catch (error) {
      showError(hubMessage(error) ?? text("Offline"));
    } finally {
      loadingOlder = false;
    }
  }

  // ---- presence, typing, status --------------------------------------------------------------------------

  function showPresence(people) {
    const section = onlineList.closest("section");
    section.hidden = false;
    onlineList.replaceChildren();
    const others = people.filter((p) => p.userId !== me);
    for (const p of people) {
      const li = document.createElement("li");
      li.textContent = p.name;
      onlineList.append(li);
    }
    if (others.length === 0) {
      const li = document.createElement("li");
      li.className = "kp-meta";
      li.textContent = text("Nobody");
      onlineList.append(li);
    }
  }

  function showTyping(userId, name) {
    typers.set(userId, { name, until: Date.now() + 5000 });
    renderTyping();
    setTimeout(renderTyping, 5100);
  }

  function renderTyping() {
    const now = Date.now();
    for (const [id, t] of typers) if (t.until < now) typers.delete(id);
    const names = [...typers.values()].map((t) => t.name);
    const line = names.length === 0 ? "" : names.length === 1 ? text("Typing", names[0]) : text("TypingMany", names.length);
    if (typingLine.textContent !== line) typingLine.textContent = line;
  }

  function setStatus(message) {
    status.textContent = message;
  }

  function say(message) {
    // Cleared first, so the same words twice are still announced.
    announcer.textContent = "";
    setTimeout(() => { announcer.textContent = message; }, 50);
  }

  function showError(message) {
    let error = $("chat-error");
    if (!error) {
      error = document.createElement("div");
      error.id = "chat-error";
      error.className = "utrecht-alert utrecht-alert--error";
      error.setAttribute("role", "alert");
      (form ?? list).before(error);
    }
    error.textContent = message;
  }

  function clearError() {
    $("chat-error")?.remove();
  }

  function addMarker(li) {
    if (list.querySelector(".kp-chat__marker")) return;
    const marker = document.createElement("li");
    marker.className = "kp-chat__marker";
    marker.textContent = text("NewMessages");
    li.before(marker);
  }

  // The marker goes when the reader has seen what is below it.
  document.addEventListener("visibilitychange", () => { if (!document.hidden && isAtBottom()) markRead(); });

  let readTimer = 0;
  function markRead() {
    if (!joined || document.hidden || !canSend) return;
    clearTimeout(readTimer);
    readTimer = setTimeout(() => call("MarkRead", communityId, lastId).catch(() => {}), 500);
  }

  function isAtBottom() {
    return log.scrollHeight - log.scrollTop - log.clientHeight < 60;
  }

  function scrollToBottom() {
    log.scrollTop = log.scrollHeight;
  }

  function button(label, action, onClick) {
    const b = document.createElement("button");
    b.type = "button";
    b.className = "utrecht-button utrecht-button--subtle";
    b.dataset.action = action;
    b.textContent = label;
    b.addEventListener("click", onClick);
    return b;
  }

  /** A hub call: its value, or a Refusal carrying the server's words (not member, too long, too fast…). */
  async function call(method, ...args) {
    const reply = await connection.invoke(method, ...args);
    if (!reply.ok) throw new Refusal(reply.error);
    return reply.value;
  }

  /** The server's refusal text, or null when the call failed for another reason (the connection). */
  function hubMessage(error) {
    return error instanceof Refusal ? error.message : null;
  }

  function newClientId() {
    if (crypto.randomUUID) return crypto.randomUUID();
    return [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, "0")).join("");
  }

  function readQueue() {
    try {
      const items = JSON.parse(sessionStorage.getItem(queueKey) ?? "[]");
      return Array.isArray(items) ? items.filter((i) => typeof i?.clientId === "string" && typeof i?.body === "string") : [];
    } catch {
      return [];
    }
  }

  function saveQueue() {
    try {
      sessionStorage.setItem(queueKey, JSON.stringify(queue));
    } catch {
      // Storage full or blocked: the queue still lives in memory for this page.
    }
  }
}
