// Revision page: the fixes form's "select all" and an apply button that
// stays disabled until a finding is chosen. Without JavaScript the form
// still works; the server refuses an empty selection with a message.
(function () {
  "use strict";
  var form = document.getElementById("fixes");
  if (!form) return;
  var boxes = Array.prototype.slice.call(
    document.querySelectorAll('input.fix-choice[form="fixes"]')
  );
  var apply = document.querySelector('.fix-bar button[type="submit"]');
  var selectAll = document.querySelector(".fix-bar .select-fixes");

  function update() {
    var chosen = boxes.filter(function (box) { return box.checked; }).length;
    apply.disabled = chosen === 0;
    if (selectAll) {
      selectAll.textContent = chosen === boxes.length ? "取消全选" : "全选可自动修正项";
    }
  }

  if (selectAll && boxes.length) {
    selectAll.hidden = false;
    selectAll.addEventListener("click", function () {
      var all = boxes.every(function (box) { return box.checked; });
      boxes.forEach(function (box) { box.checked = !all; });
      update();
    });
  }
  boxes.forEach(function (box) { box.addEventListener("change", update); });
  update();
})();

// Comments: one form for the whole page, put into a paragraph's notes when
// its "添加批注" opens. Without JavaScript the link there reloads the page
// with the form in place.
(function () {
  "use strict";
  var template = document.getElementById("note-form-template");
  if (!template) return;

  function fill(details) {
    if (details.querySelector("form")) return;
    var form = template.content.firstElementChild.cloneNode(true);
    var number = details.getAttribute("data-number");
    var id = "note-text-" + number;
    form.querySelector('input[name="paragraph"]').value = details.getAttribute("data-paragraph");
    form.querySelector("textarea").id = id;
    var label = form.querySelector("label");
    label.setAttribute("for", id);
    label.textContent = "第" + number + "段批注";
    var link = details.querySelector(".note-link");
    if (link) link.remove();
    details.appendChild(form);
  }

  document.addEventListener("toggle", function (event) {
    var details = event.target;
    if (details.classList && details.classList.contains("add-note") && details.open) {
      fill(details);
      var box = details.querySelector("textarea");
      if (box) box.focus();
    }
  }, true);
})();
