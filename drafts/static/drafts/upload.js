// The upload form: a paste or a file past the size limit is stopped here,
// with the form's message, before anything is sent and the paste lost.
// The server refuses it anyway; this only spares the round trip.
(function () {
  "use strict";
  var form = document.getElementById("upload-form");
  if (!form) return;
  var limit = parseInt(form.getAttribute("data-max-bytes"), 10);
  if (!limit) return;
  var text = form.querySelector('textarea[name="text"]');
  var file = form.querySelector('input[type="file"][name="file"]');
  var shown = limit >= 1048576 ? (limit / 1048576) + " MB" : Math.floor(limit / 1024) + " KB";

  function bytes(value) {
    return new Blob([value]).size;
  }

  function say(field, message) {
    var box = field.parentNode.querySelector(".size-error");
    if (!box) {
      box = document.createElement("p");
      box.className = "errorlist size-error";
      box.setAttribute("role", "alert");
      field.parentNode.appendChild(box);
    }
    box.textContent = message;
    box.hidden = !message;
  }

  function tooLarge() {
    var found = false;
    if (text) {
      var size = bytes(text.value);
      var over = size > limit;
      say(text, over ? "粘贴的正文约 " + (size / 1048576).toFixed(1) +
        " MB，超过大小上限（" + shown + "），未发送。请删减后再保存，或分成几篇。" : "");
      found = found || over;
    }
    if (file && file.files && file.files.length) {
      var big = file.files[0].size > limit;
      say(file, big ? "所选文件超过大小上限（" + shown + "），未发送。" : "");
      found = found || big;
    }
    return found;
  }

  form.addEventListener("submit", function (event) {
    if (tooLarge()) {
      event.preventDefault();
      var alert = form.querySelector(".size-error:not([hidden])");
      if (alert) alert.scrollIntoView({ block: "center" });
    }
  });
  if (file) file.addEventListener("change", tooLarge);
})();
