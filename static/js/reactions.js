/* Reactions (comments/overlay.py, comments/reader_views.py): without JavaScript the reaction form posts and redirects
 * back; with it, the form posts in the background and updates its count and pressed state. */
(function () {
  "use strict";

  if (!window.theCommons.discussion) {
    return;
  }
  var say = window.theCommons.announce;

  function setCount(form, count) {
    var counter = form.querySelector(".reaction-count");
    if (!count) {
      if (counter) {
        counter.remove();
      }
      return;
    }
    if (!counter) {
      counter = document.createElement("span");
      counter.className = "reaction-count";
      form.appendChild(counter);
    }
    counter.dataset.count = String(count);
    counter.textContent = String(count);
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches("form.reaction") || !window.fetch) {
      return;
    }
    var button = form.querySelector("button[name=do]");
    if (!button) {
      return;
    }
    // The form carries no token (it is filled into pages cached for everyone): the browser's
    // Sec-Fetch-Site says where the request comes from; the page's token goes along for
    // browsers that do not send it.
    var token = document.querySelector("input[name=csrfmiddlewaretoken]");
    event.preventDefault();
    if (form.dataset.busy) {
      return;
    }
    form.dataset.busy = "1";
    var data = new FormData(form);
    data.set("do", button.value);
    fetch(form.action, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { Accept: "application/json", "X-CSRFToken": token ? token.value : "" },
    })
      .then(function (response) {
        return response.json().then(function (json) {
          return { ok: response.ok, status: response.status, data: json };
        });
      })
      .then(function (result) {
        delete form.dataset.busy;
        if (result.status === 401) {
          form.submit(); // signed out: the plain post leads to the sign-in page, then back
          return;
        }
        if (!result.ok) {
          say(result.data.error || "Your reaction could not be saved.");
          return;
        }
        var pressed = !!result.data.pressed;
        button.setAttribute("aria-pressed", pressed ? "true" : "false");
        button.value = pressed ? "remove" : "add";
        setCount(form, result.data.count);
        say(pressed ? "Marked as worth reading." : "Reaction taken back.");
      })
      .catch(function () {
        delete form.dataset.busy;
        form.submit(); // the plain post, which answers with a page
      });
  });
})();
