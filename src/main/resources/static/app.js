// Everything here makes the pages quicker by keyboard and mouse; without JavaScript every action is still a link or
// a form, and the pages work the same.

// Upvote and save without leaving the page. Without JavaScript the same buttons are plain form POSTs that return
// to the page; if a request fails, the form is sent the ordinary way.
document.addEventListener("submit", async (event) => {
  const form = event.target;
  if (!form.matches("form.vote, form.save")) return;
  event.preventDefault();
  try {
    const response = await fetch(form.action, {
      method: "POST",
      body: new URLSearchParams(new FormData(form)),
      headers: { "Accept": "application/json" },
      credentials: "same-origin",
    });
    if (!response.ok) throw new Error(String(response.status));
    const state = await response.json();
    const button = form.querySelector("button");
    if ("upvotes" in state) {
      button.querySelector(".count").textContent = state.upvotes;
      button.classList.toggle("voted", state.voted);
      button.setAttribute("aria-pressed", String(state.voted));
      button.title = state.voted ? "Remove your upvote" : "Upvote";
    } else {
      button.classList.toggle("saved", state.saved);
      button.setAttribute("aria-pressed", String(state.saved));
      button.textContent = state.saved ? "Saved" : "Save";
    }
  } catch (e) {
    form.submit();
  }
});

// The theme toggle: light, dark, or back to the system's setting; remembered in localStorage (theme.js reads it
// before the first paint).
(function () {
  const button = document.querySelector(".theme-toggle");
  if (!button) return;
  const root = document.documentElement;
  const systemDark = () => window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches;
  const effective = () => root.getAttribute("data-theme") || (systemDark() ? "dark" : "light");
  const label = () => {
    const dark = effective() === "dark";
    button.textContent = dark ? "☀" : "☾";
    button.setAttribute("aria-label", dark ? "Switch to light mode" : "Switch to dark mode");
    button.title = button.getAttribute("aria-label");
  };
  button.hidden = false;
  label();
  button.addEventListener("click", () => {
    const next = effective() === "dark" ? "light" : "dark";
    root.setAttribute("data-theme", next);
    try { localStorage.setItem("theme", next); } catch (e) { /* not remembered, still switched */ }
    label();
  });
})();

// Keyboard shortcuts; "?" lists them. Keys typed into a field are left alone.
(function () {
  const overlay = document.getElementById("shortcuts");
  const cards = () => Array.from(document.querySelectorAll("article.card"));
  let current = -1;

  const select = (index) => {
    const all = cards();
    if (all.length === 0) return;
    current = Math.max(0, Math.min(all.length - 1, index));
    all.forEach((card, i) => card.classList.toggle("current", i === current));
    const link = all[current].querySelector("a.title");
    if (link) link.focus({ preventScroll: true });
    all[current].scrollIntoView({ block: "nearest" });
  };
  const scope = () => {
    const all = cards();
    const focused = document.activeElement && document.activeElement.closest("article.card, article.paper");
    if (focused) return focused;
    if (current >= 0 && all[current]) return all[current];
    return document.querySelector("article.paper");
  };
  const click = (selector) => {
    const root = scope();
    const target = root && root.querySelector(selector);
    if (target) target.click();
  };
  const go = (selector) => {
    const link = document.querySelector(selector);
    if (link) window.location.href = link.href;
  };
  const toggleHelp = (show) => {
    if (!overlay) return;
    overlay.hidden = !show;
    if (show) overlay.querySelector(".panel").focus();
  };

  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === "Escape" && overlay && !overlay.hidden) { toggleHelp(false); return; }
    const target = event.target;
    if (target.closest && target.closest("input, textarea, select, [contenteditable]")) return;
    switch (event.key) {
      case "?": toggleHelp(overlay && overlay.hidden); break;
      case "/": {
        const box = document.querySelector("header.site input[type=search]");
        if (box) box.focus(); else return;
        break;
      }
      case "j": select(current + 1); break;
      case "k": select(current < 0 ? 0 : current - 1); break;
      case "o": click("a.title"); break;
      case "Enter":
        // Enter on a focused link or button already does its job; on a selected card it opens the paper.
        if (target.closest && target.closest("a, button, summary")) return;
        click("a.title");
        break;
      case "u": click(".vote-button"); break;
      case "s": click(".save-button"); break;
      case "[": go("nav.periods a.prev"); break;
      case "]": go("nav.periods a.next"); break;
      default: return;
    }
    event.preventDefault();
  });
  if (overlay) {
    overlay.addEventListener("click", (event) => { if (event.target === overlay || event.target.closest(".close")) toggleHelp(false); });
  }
  document.querySelectorAll("a.show-shortcuts").forEach((link) => link.addEventListener("click", (event) => {
    event.preventDefault();
    toggleHelp(true);
  }));
})();

// The day picker goes to the chosen day as soon as it is picked; without JavaScript its "Go" button does.
document.querySelectorAll("form.day-picker select").forEach((select) => {
  select.addEventListener("change", () => select.form.submit());
});
