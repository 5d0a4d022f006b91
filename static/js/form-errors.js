/* Errors of the comment form posted in the background, shown where the form without JavaScript
 * shows them (the server’s own messages, field by field). Used by replying.js. */
(function () {
  "use strict";

  window.theCommons.formErrors = function (form) {
    function clearErrors() {
      form.querySelectorAll(".js-errors").forEach(function (element) {
        element.remove();
      });
      form.querySelectorAll(".has-error").forEach(function (element) {
        element.classList.remove("has-error");
      });
      form.querySelectorAll("[aria-invalid]").forEach(function (element) {
        element.removeAttribute("aria-invalid");
        var described = (element.getAttribute("aria-describedby") || "")
          .split(" ")
          .filter(function (id) {
            return id && id.slice(-10) !== "-js-errors";
          });
        if (described.length) {
          element.setAttribute("aria-describedby", described.join(" "));
        } else {
          element.removeAttribute("aria-describedby");
        }
      });
      // What the server rendered with a failed post without JavaScript goes too.
      form.querySelectorAll(".field-errors, .form-errors").forEach(function (element) {
        element.remove();
      });
    }

    function errorBox(className, messages, id) {
      var box = document.createElement("div");
      box.className = className + " js-errors";
      box.setAttribute("role", "alert");
      if (id) {
        box.id = id;
      }
      var list = document.createElement("ul");
      list.className = "errorlist";
      messages.forEach(function (message) {
        var item = document.createElement("li");
        item.textContent = message;
        list.appendChild(item);
      });
      box.appendChild(list);
      return box;
    }

    function formError(messages) {
      var box = errorBox("form-errors", messages);
      form.insertBefore(box, form.firstElementChild);
      return box;
    }

    function showErrors(errors) {
      var general = [];
      var first = null;
      Object.keys(errors).forEach(function (name) {
        var messages = errors[name];
        var control = name === "__all__" ? null : form.elements[name];
        var field = control && control.closest ? control.closest(".field") : null;
        if (!field) {
          general = general.concat(messages);
          return;
        }
        var id = (control.id || "id_" + name) + "-js-errors";
        field.classList.add("has-error");
        var box = errorBox("field-errors", messages, id);
        var label = field.querySelector("label");
        if (label && label.nextSibling) {
          field.insertBefore(box, label.nextSibling);
        } else {
          field.insertBefore(box, field.firstChild);
        }
        control.setAttribute("aria-invalid", "true");
        var described = control.getAttribute("aria-describedby");
        control.setAttribute("aria-describedby", described ? described + " " + id : id);
        first = first || control;
      });
      if (general.length) {
        formError(general);
      }
      if (first) {
        first.focus();
      }
    }

    return { clear: clearErrors, show: showErrors, general: formError };
  };
})();
