// Renders the TeX the server left in titles, abstracts and comments with the KaTeX bundled in the jar. KaTeX (its
// script, styles and fonts: ~130 KB, most of a page's transfer) is fetched only when needed: at once for a paper's
// own page, and on a list only when a card whose TeX the server could not render comes near the screen. Without
// JavaScript the TeX stays readable as text.
(function () {
  var script = document.currentScript;
  var OPTIONS = {
    delimiters: [
      { left: "$$", right: "$$", display: true },
      { left: "\\[", right: "\\]", display: true },
      { left: "$", right: "$", display: false },
      { left: "\\(", right: "\\)", display: false }
    ],
    throwOnError: false
  };
  var loading = null;

  function add(tag, attributes) {
    return new Promise(function (resolve, reject) {
      var el = document.createElement(tag);
      Object.keys(attributes).forEach(function (k) { el[k] = attributes[k]; });
      el.onload = resolve;
      el.onerror = reject;
      document.head.appendChild(el);
    });
  }

  function katex() {
    if (!loading) {
      add("link", { rel: "stylesheet", href: script.dataset.katexCss });
      loading = add("script", { src: script.dataset.katexJs })
        .then(function () { return add("script", { src: script.dataset.katexAuto }); });
    }
    return loading;
  }

  function render(el) {
    katex().then(function () { renderMathInElement(el, OPTIONS); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var pending = Array.prototype.filter.call(document.querySelectorAll(".math"), function (el) {
      return /\$|\\\(|\\\[/.test(el.textContent);
    });
    var cards = pending.filter(function (el) { return el.closest(".card"); });
    pending.filter(function (el) { return !el.closest(".card"); }).forEach(render);
    if (!("IntersectionObserver" in window)) {
      cards.forEach(render);
      return;
    }
    var near = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (entry.isIntersecting) {
          near.unobserve(entry.target);
          render(entry.target);
        }
      });
    }, { rootMargin: "300px 0px" });
    cards.forEach(function (el) { near.observe(el); });
  });
})();
