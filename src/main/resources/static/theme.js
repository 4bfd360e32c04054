// Loaded without "defer" in <head>, before the first paint: applies a theme the reader chose earlier, so a dark page
// never flashes light. Without a stored choice the stylesheet follows prefers-color-scheme on its own.
(function () {
  try {
    var theme = localStorage.getItem("theme");
    if (theme === "dark" || theme === "light") document.documentElement.setAttribute("data-theme", theme);
  } catch (e) { /* storage blocked: follow the system setting */ }
})();
