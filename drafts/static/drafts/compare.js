// The compare page: folds that load their paragraphs when opened, the
// cosmetic switch, the change map and n/j p/k navigation. The page works
// without it: a fold is then a link to its paragraphs.
(function () {
  "use strict";

  var diff = document.querySelector("[data-compare]");
  if (!diff) return;
  var map = document.querySelector(".map");
  var marks = map ? Array.prototype.slice.call(map.querySelectorAll(".mark")) : [];
  var current = null;

  function changes() {
    var hideCosmetic = diff.classList.contains("hide-cosmetic");
    return Array.prototype.filter.call(diff.querySelectorAll(".chg"), function (el) {
      return !(hideCosmetic && el.classList.contains("tagged"));
    });
  }

  function markFor(el) {
    return map ? map.querySelector('.mark[href="#' + el.id + '"]') : null;
  }

  // "第 3 处 / 共 12 处": where the current change stands among those shown.
  var position = document.querySelector("[data-position]");

  function showPosition() {
    if (!position) return;
    var list = changes();
    var index = list.indexOf(current);
    position.textContent = index === -1
      ? "共 " + list.length + " 处"
      : "第 " + (index + 1) + " 处 / 共 " + list.length + " 处";
  }

  function setCurrent(el, scroll) {
    if (current) {
      current.classList.remove("current");
      current.removeAttribute("aria-current");
      var oldMark = markFor(current);
      if (oldMark) oldMark.classList.remove("current");
    }
    current = el;
    showPosition();
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

  // Folded runs of unchanged paragraphs: fetched the first time they are
  // opened, then opened and closed in place.
  function setFold(toggle, body, open) {
    body.hidden = !open;
    toggle.setAttribute("aria-expanded", String(open));
    var count = toggle.getAttribute("data-count");
    toggle.textContent = open ? "收起 " + count + " 段未改动" : count + " 段未改动";
    placeMarks();
  }

  function loadFold(toggle, body) {
    var url = new URL(toggle.href);
    url.searchParams.set("fragment", "1");
    toggle.setAttribute("aria-busy", "true");
    return fetch(url, { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.text();
      })
      .then(function (html) {
        body.innerHTML = html;
        body.setAttribute("data-loaded", "true");
      })
      .finally(function () {
        toggle.removeAttribute("aria-busy");
      });
  }

  diff.addEventListener("click", function (event) {
    var toggle = event.target.closest(".fold-toggle");
    if (!toggle) return;
    event.preventDefault();
    var body = document.getElementById(toggle.getAttribute("aria-controls"));
    var open = toggle.getAttribute("aria-expanded") !== "true";
    if (!open || body.getAttribute("data-loaded")) {
      setFold(toggle, body, open);
      return;
    }
    loadFold(toggle, body).then(
      function () { setFold(toggle, body, true); },
      function () { window.location.href = toggle.href; }
    );
  });

  // Cosmetic-only changes (heading numbers, punctuation width) on and off.
  var cosmetic = document.getElementById("id_hide_cosmetic");
  if (cosmetic) {
    cosmetic.addEventListener("change", function () {
      diff.classList.toggle("hide-cosmetic", cosmetic.checked);
      if (current && changes().indexOf(current) === -1) setCurrent(null);
      showPosition();
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
  showPosition();
})();
