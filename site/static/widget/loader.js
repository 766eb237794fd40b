/* Answerloop widget loader: the only file a host page loads up front.
   <script src="https://HELP-HOST/widget.js" data-scenario="main" async></script>
   Options: data-lang, data-color, data-position (left|right), data-greeting,
   data-offset-bottom / data-offset-side (px: clear a sticky 장바구니/바로구매 bar),
   data-hide-on-scroll (hide the launcher while the page scrolls down).
   Draws the launcher; the conversation (app.js) loads on first open. */
(function () {
  "use strict";
  if (window.Answerloop && window.Answerloop.__loaded) return;
  var config = __ANSWERLOOP_CONFIG__;
  var script = document.currentScript;
  var base = new URL(script ? script.src : "/", location.href).origin;
  var data = script ? script.dataset : {};
  var opts = {
    base: base,
    scenario: data.scenario || config.scenario,
    lang: data.lang || config.lang,
    color: /^#[0-9a-fA-F]{3,8}$/.test(data.color || "") ? data.color : config.color,
    position: data.position === "left" || data.position === "right" ? data.position : config.position,
    greeting: data.greeting || config.greeting,
    name: config.name,
    channels: config.channels,
    offsetBottom: px(data.offsetBottom, 20),
    offsetSide: px(data.offsetSide, 20),
    hideOnScroll: data.hideOnScroll !== undefined && data.hideOnScroll !== "false",
    nonce: script ? (script.nonce || script.getAttribute("nonce") || "") : ""
  };
  function px(value, fallback) {
    var n = parseInt(value, 10);
    return isFinite(n) && n >= 0 && n <= 2000 ? n : fallback;
  }
  var label = config.launcher[opts.lang === "en" ? "en" : "ko"];
  var queue = [];
  var listeners = {};
  var app = null;
  var loading = false;
  var host;

  function load() {
    if (app || loading) return;
    loading = true;
    var s = document.createElement("script");
    s.src = base + config.app;
    s.async = true;
    if (opts.nonce) s.nonce = opts.nonce;  // strict-dynamic trusts us anyway; nonce for 'nonce-…' CSPs
    s.onerror = function () { loading = false; emit("error", {reason: "app"}); };
    (document.head || document.documentElement).appendChild(s);
  }

  function call(name, args) {
    if (app) return app[name].apply(app, args);
    queue.push([name, args]);
    load();
  }

  function emit(name, detail) {
    (listeners[name] || []).forEach(function (fn) {
      try { fn(detail); } catch (e) { if (window.console) console.error(e); }
    });
  }

  var api = {
    __loaded: true,
    open: function () { call("open", []); },
    close: function () { if (app) app.close(); },
    openArticle: function (id) { call("openArticle", [id]); },
    search: function (q) { call("search", [q]); },
    suggest: function (ids) { call("suggest", [ids]); },
    on: function (name, fn) { (listeners[name] = listeners[name] || []).push(fn); return api; },
    // Answerloop.setOffset({bottom: 72, side: 16}): e.g. when a sticky buy bar appears.
    setOffset: function (offset) {
      offset = offset || {};
      opts.offsetBottom = px(offset.bottom, opts.offsetBottom);
      opts.offsetSide = px(offset.side, opts.offsetSide);
      place();
      return api;
    },
    // Called by app.js once loaded.
    __ready: function (instance) {
      app = instance;
      loading = false;
      queue.splice(0).forEach(function (c) { app[c[0]].apply(app, c[1]); });
    },
    __emit: emit,
    __opts: opts
  };
  window.Answerloop = api;

  var css =
    ":host{all:initial!important;position:fixed!important;z-index:2147483000!important;" +
    "bottom:var(--al-bottom,20px)!important;" + opts.position + ":var(--al-side,20px)!important;display:block!important;" +
    "font:15px/1.5 system-ui,-apple-system,'Apple SD Gothic Neo','Malgun Gothic','Noto Sans KR',sans-serif!important}" +
    ".launcher{all:initial;font:inherit;display:flex;align-items:center;gap:6px;cursor:pointer;" +
    "background:" + opts.color + ";color:#fff;border-radius:999px;padding:12px 18px;" +
    "box-shadow:0 6px 20px rgba(0,0,0,.25);font-weight:600}" +
    ".launcher:focus-visible{outline:3px solid #ffb000;outline-offset:3px}" +
    ".launcher[aria-expanded=true]{display:none}" +
    ".launcher{min-height:48px;box-sizing:border-box;transition:transform .2s,opacity .2s}" +
    ".launcher.away{transform:translateY(calc(100% + var(--al-bottom,20px)));opacity:0;pointer-events:none}" +
    "@media (prefers-reduced-motion:reduce){.launcher{transition:none}}";
  var placeSheet = null;

  // The offsets as custom properties on :host (a host page's `all: unset` leaves custom
  // properties alone); the panel in app.js reads the same two.
  function place() {
    if (!opts.root) return;
    var text = ":host{--al-bottom:" + opts.offsetBottom + "px!important;--al-side:" + opts.offsetSide + "px!important}";
    if (placeSheet && placeSheet.replaceSync) placeSheet.replaceSync(text);
    else if (placeSheet) placeSheet.textContent = text;
    else placeSheet = sheet(opts.root, text);
  }

  function sheet(el, text) {
    if (el.adoptedStyleSheets !== undefined && window.CSSStyleSheet) {
      // Constructed stylesheets: no inline <style>, so no 'unsafe-inline' needed on the host.
      var s = new CSSStyleSheet();
      s.replaceSync(text);
      el.adoptedStyleSheets = el.adoptedStyleSheets.concat([s]);
      return s;
    }
    var style = document.createElement("style");
    style.textContent = text;
    el.appendChild(style);
    return style;
  }

  function mount() {
    host = document.createElement("answerloop-widget");
    var root = host.attachShadow({mode: "open"});
    sheet(root, css);
    var button = document.createElement("button");
    button.type = "button";
    button.className = "launcher";
    button.setAttribute("part", "launcher");
    button.setAttribute("aria-haspopup", "dialog");
    button.setAttribute("aria-expanded", "false");
    button.textContent = "💬 " + label;
    button.setAttribute("aria-label", label);
    button.addEventListener("click", function () { api.open(); });
    root.appendChild(button);
    opts.host = host;
    opts.root = root;
    opts.launcher = button;
    opts.sheet = sheet;
    place();
    if (opts.hideOnScroll) {
      var lastY = window.pageYOffset;
      window.addEventListener("scroll", function () {
        var y = window.pageYOffset;
        if (Math.abs(y - lastY) < 8) return;
        button.classList.toggle("away", y > lastY && y > 80);  // down: away; up: back
        lastY = y;
      }, {passive: true});
    }
    document.body.appendChild(host);
    try {
      if (sessionStorage.getItem("answerloop:open") === "1") api.open();  // survive navigation
    } catch (e) { /* storage blocked: start closed */ }
  }

  if (document.body) mount();
  else document.addEventListener("DOMContentLoaded", mount);
})();
