// The document page: buttons that show or hide each kind of marked span.
(function () {
  "use strict";
  var text = document.getElementById("doctext");
  if (!text) {
    return;
  }
  document.querySelectorAll("button.toggle[data-kind]").forEach(function (button) {
    button.addEventListener("click", function () {
      var kind = button.getAttribute("data-kind");
      var shown = button.getAttribute("aria-pressed") === "true";
      button.setAttribute("aria-pressed", shown ? "false" : "true");
      text.classList.toggle("hide-" + kind, shown);
    });
  });
})();
