// The compare page: view switch (remembered), folds, the cosmetic switch,
// the change map and n/j p/k navigation. The page works without it.
(function () {
  "use strict";

  var diff = document.querySelector("[data-compare]");
  if (!diff) return;
  var map = document.querySelector(".map");
  var marks = map ? Array.prototype.slice.call(map.querySelectorAll(".mark")) : [];
  var STORE = "drafts.compare.view";
  var current = null;

  // Storage may be off (private windows, policies): the page then forgets.
  function remember(view) {
    try {
      window.localStorage.setItem(STORE, view);
    } catch (error) {
      /* nothing to remember with */
    }
  }

  function recall() {
    try {
      return window.localStorage.getItem(STORE);
    } catch (error) {
      return null;
    }
  }

  function changes() {
    var hideCosmetic = diff.classList.contains("hide-cosmetic");
    return Array.prototype.filter.call(diff.querySelectorAll(".chg"), function (el) {
      return !(hideCosmetic && el.classList.contains("tagged"));
    });
  }

  function markFor(el) {
    return map ? map.querySelector('.mark[href="#' + el.id + '"]') : null;
  }

  function setCurrent(el, scroll) {
    if (current) {
      current.classList.remove("current");
      current.removeAttribute("aria-current");
      var oldMark = markFor(current);
      if (oldMark) oldMark.classList.remove("current");
    }
    current = el;
    if (!el) return;
    el.classList.add("current");
    el.setAttribute("aria-current", "true");
    var mark = markFor(el);
    if (mark) mark.classList.add("current");
    if (scroll) {
      el.scrollIntoView({ block: "center" });
      el.focus({ preventScroll: true });
    }
  }

  function step(delta) {
    var list = changes();
    if (!list.length) return;
    var index = list.indexOf(current);
    if (index === -1) {
      index = delta > 0 ? 0 : list.length - 1;
    } else {
      index = Math.min(list.length - 1, Math.max(0, index + delta));
    }
    setCurrent(list[index], true);
  }

  // The accept boxes sit inside the changes: n/j p/k still move on from them.
  function typing(target) {
    var tag = target && target.tagName;
    if (tag === "INPUT" && target.getAttribute("form") === "accept-form") return false;
    return tag === "INPUT" || tag === "SELECT" || tag === "TEXTAREA" ||
      (target && target.isContentEditable);
  }

  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey || typing(event.target)) return;
    var key = event.key;
    if (key === "n" || key === "j") step(1);
    else if (key === "p" || key === "k") step(-1);
    else return;
    event.preventDefault();
  });

  // Change map: place each mark at its change's relative height in the text.
  function placeMarks() {
    if (!map) return;
    var box = diff.getBoundingClientRect();
    var height = Math.max(1, box.height);
    marks.forEach(function (mark) {
      var target = document.getElementById(mark.getAttribute("href").slice(1));
      if (!target) return;
      var rect = target.getBoundingClientRect();
      mark.style.setProperty("--pos", ((rect.top - box.top) / height).toFixed(4));
    });
    map.classList.add("ready");
  }

  if (map) {
    map.addEventListener("click", function (event) {
      var mark = event.target.closest(".mark");
      if (!mark) return;
      var target = document.getElementById(mark.getAttribute("href").slice(1));
      if (!target) return;
      event.preventDefault();
      history.replaceState(null, "", mark.getAttribute("href"));
      setCurrent(target, true);
    });
  }

  // Folded runs of unchanged paragraphs open and close in place.
  diff.addEventListener("click", function (event) {
    var button = event.target.closest(".fold-toggle");
    if (!button) return;
    var body = document.getElementById(button.getAttribute("aria-controls"));
    var open = button.getAttribute("aria-expanded") !== "true";
    body.hidden = !open;
    button.setAttribute("aria-expanded", String(open));
    var count = button.getAttribute("data-count");
    button.textContent = open ? "收起 " + count + " 段未改动" : count + " 段未改动";
    placeMarks();
  });

  // Side by side or inline: switched in place and remembered in this browser.
  var viewField = document.querySelector("[data-view-field]");
  var viewLinks = Array.prototype.slice.call(document.querySelectorAll("[data-view]"));

  function showView(view) {
    diff.classList.toggle("view-side", view === "side");
    diff.classList.toggle("view-inline", view === "inline");
    viewLinks.forEach(function (link) {
      if (link.getAttribute("data-view") === view) link.setAttribute("aria-current", "true");
      else link.removeAttribute("aria-current");
    });
    if (viewField) viewField.value = view;
    placeMarks();
    if (current) current.scrollIntoView({ block: "center" });
  }

  viewLinks.forEach(function (link) {
    link.addEventListener("click", function (event) {
      event.preventDefault();
      var view = link.getAttribute("data-view");
      remember(view);
      showView(view);
    });
  });

  var fromUrl = new URLSearchParams(window.location.search).get("view");
  var remembered = recall();
  if (fromUrl === "side" || fromUrl === "inline") {
    remember(fromUrl);
  } else if (remembered === "side" || remembered === "inline") {
    showView(remembered);
  }

  // Cosmetic-only changes (heading numbers, punctuation width) on and off.
  var cosmetic = document.getElementById("id_hide_cosmetic");
  if (cosmetic) {
    cosmetic.addEventListener("change", function () {
      diff.classList.toggle("hide-cosmetic", cosmetic.checked);
      if (current && changes().indexOf(current) === -1) setCurrent(null);
      placeMarks();
    });
  }

  // Accepting single changes: all at once, and a running count.
  var acceptForm = document.querySelector("[data-accept]");
  if (acceptForm) {
    var boxes = Array.prototype.slice.call(
      document.querySelectorAll('input[form="accept-form"][name="accept"]')
    );
    var counter = acceptForm.querySelector("[data-accept-count]");
    var countAccepted = function () {
      var taken = boxes.filter(function (box) { return box.checked; }).length;
      counter.textContent = "接受 " + taken + " 处，拒绝 " + (boxes.length - taken) + " 处";
    };
    Array.prototype.forEach.call(acceptForm.querySelectorAll("[data-accept-all]"), function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        var value = button.getAttribute("data-accept-all") === "true";
        boxes.forEach(function (box) { box.checked = value; });
        countAccepted();
      });
    });
    boxes.forEach(function (box) { box.addEventListener("change", countAccepted); });
    countAccepted();
  }

  function fromHash() {
    var target = window.location.hash && document.getElementById(window.location.hash.slice(1));
    if (target && target.classList.contains("chg")) setCurrent(target, false);
  }

  window.addEventListener("hashchange", fromHash);
  window.addEventListener("resize", placeMarks);
  window.addEventListener("load", placeMarks);
  placeMarks();
  fromHash();
})();
