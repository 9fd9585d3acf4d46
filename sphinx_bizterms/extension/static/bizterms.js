/* sphinx-bizterms: hover and keyboard previews of cited business terms.
 *
 * Each citation is a link with aria-describedby="bizterm--tip--<slug>" naming a hidden
 * preview written into the page at build time; this script only shows and places it.
 * No network access, no dependencies. Without it the link's title attribute still works.
 */
(function () {
  "use strict";

  var SELECTOR = "a[aria-describedby^='bizterm--tip--'], abbr[aria-describedby^='bizterm--tip--']";
  var SHOW_DELAY = 120; // ms: a pointer passing over a term does not flash its preview
  var HIDE_DELAY = 250; // ms: time to move the pointer from the term into its preview
  var GAP = 6; // px between the term and its preview
  var MARGIN = 8; // px kept free at the viewport's edges

  var current = null; // {cite, tip} while a preview is shown
  var dismissed = null; // the citation whose preview Escape closed, until it is left
  var showTimer = 0;
  var hideTimer = 0;

  function citationOf(target) {
    return target && target.closest ? target.closest(SELECTOR) : null;
  }

  function previewOf(cite) {
    return document.getElementById(cite.getAttribute("aria-describedby"));
  }

  function isDark(element) {
    // The page's own background decides, whatever the theme calls its dark mode.
    for (var node = element; node && node.nodeType === 1; node = node.parentElement) {
      var rgba = getComputedStyle(node).backgroundColor.match(/[\d.]+/g);
      if (rgba && (rgba.length < 4 || parseFloat(rgba[3]) > 0.5)) {
        var luminance = 0.2126 * rgba[0] + 0.7152 * rgba[1] + 0.0722 * rgba[2];
        return luminance < 128;
      }
    }
    // No background anywhere: the canvas is dark only where the page opts into a dark scheme.
    var scheme = getComputedStyle(document.documentElement).colorScheme || "";
    if (scheme.indexOf("dark") < 0) return false;
    return scheme.indexOf("light") < 0 ||
      (window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches);
  }

  function place(cite, tip) {
    // The first line box: a term that wraps gets its preview under its start.
    var box = cite.getClientRects()[0] || cite.getBoundingClientRect();
    var width = document.documentElement.clientWidth;
    var height = document.documentElement.clientHeight;
    tip.style.left = "0px";
    tip.style.top = "0px";
    var left = Math.max(MARGIN, Math.min(box.left, width - tip.offsetWidth - MARGIN));
    var top = box.bottom + GAP;
    if (top + tip.offsetHeight > height - MARGIN && box.top - GAP - tip.offsetHeight >= MARGIN) {
      top = box.top - GAP - tip.offsetHeight;
    }
    tip.style.left = Math.round(left) + "px";
    tip.style.top = Math.round(top) + "px";
  }

  function show(cite) {
    clearTimeout(showTimer);
    clearTimeout(hideTimer);
    if (cite === dismissed) return;
    var tip = previewOf(cite);
    if (!tip) return;
    if (current && current.tip !== tip) hide();
    if (tip.parentNode !== document.body) {
      // Out of the article, so no theme container clips or offsets it.
      document.body.appendChild(tip);
    }
    tip.classList.toggle("bizterm-preview-dark", isDark(cite));
    tip.hidden = false;
    tip.classList.add("bizterm-preview-open");
    current = { cite: cite, tip: tip };
    place(cite, tip);
  }

  function hide() {
    clearTimeout(showTimer);
    clearTimeout(hideTimer);
    if (!current) return;
    current.tip.hidden = true;
    current.tip.classList.remove("bizterm-preview-open");
    current = null;
  }

  function showSoon(cite) {
    clearTimeout(hideTimer);
    if (current && current.cite === cite) return;
    clearTimeout(showTimer);
    showTimer = setTimeout(function () { show(cite); }, SHOW_DELAY);
  }

  function hideSoon() {
    clearTimeout(showTimer);
    clearTimeout(hideTimer);
    hideTimer = setTimeout(hide, HIDE_DELAY);
  }

  function inPreview(target) {
    return current && target && current.tip.contains(target);
  }

  function init() {
    // The preview replaces the browser's own tooltip, which would repeat it.
    var cites = document.querySelectorAll(SELECTOR);
    for (var i = 0; i < cites.length; i++) {
      var title = cites[i].getAttribute("title");
      if (title !== null && previewOf(cites[i])) {
        cites[i].setAttribute("data-bizterm-title", title);
        cites[i].removeAttribute("title");
      }
    }

    document.addEventListener("mouseover", function (event) {
      var cite = citationOf(event.target);
      if (cite) showSoon(cite);
      else if (inPreview(event.target)) clearTimeout(hideTimer);
    });
    document.addEventListener("mouseout", function (event) {
      var cite = citationOf(event.target);
      var to = event.relatedTarget;
      if (cite && citationOf(to) === cite) return;
      if (cite && cite === dismissed) dismissed = null;
      if ((cite || inPreview(event.target)) && !inPreview(to) && (!current || citationOf(to) !== current.cite)) {
        hideSoon();
      }
    });
    document.addEventListener("focusin", function (event) {
      var cite = citationOf(event.target);
      if (cite) show(cite);
      else if (!inPreview(event.target)) hide();
    });
    document.addEventListener("focusout", function (event) {
      var cite = citationOf(event.target);
      if (cite === dismissed) dismissed = null;
      if (cite && !inPreview(event.relatedTarget)) hideSoon();
    });
    document.addEventListener("keydown", function (event) {
      if ((event.key === "Escape" || event.key === "Esc") && current) {
        dismissed = current.cite;
        hide();
      }
    });
    function follow() {
      if (current) place(current.cite, current.tip);
    }
    window.addEventListener("scroll", follow, { passive: true, capture: true });
    window.addEventListener("resize", follow, { passive: true });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
