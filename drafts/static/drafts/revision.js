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
