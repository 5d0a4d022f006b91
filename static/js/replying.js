/* Replying: "Reply" opens the comment form under the comment; posting inserts the new comment in
 * its place without reloading (the server answers JSON with the comment's rendered <li>); what
 * was typed and not posted comes back on load (drafts.js). Without JavaScript the Reply links
 * lead to the server's pages and the form posts and redirects. */
(function () {
  "use strict";

  var commons = window.theCommons;
  var discussion = commons.discussion;
  var commentOf = commons.commentOf;
  var cardOf = commons.cardOf;
  var announce = commons.announce;
  var highlight = commons.highlight;

  var respond = document.getElementById("respond");
  var form = respond && respond.querySelector("form.comment-form");
  if (!discussion || !form || !form.elements.body) {
    return; // signed out or comments closed: the Reply links lead to the server's pages
  }

  var body = form.elements.body;
  var parentInput = form.elements.parent;
  var title = respond.querySelector("#respond-title");
  var submitButton = form.querySelector("[type=submit]");
  var home = document.createElement("div");
  home.className = "respond-home";
  home.hidden = true;
  respond.parentNode.insertBefore(home, respond);
  var drafts = commons.drafts(discussion.dataset.postId);
  var errors = commons.formErrors(form);
  var busy = false;

  function currentParent() {
    return parentInput && parentInput.value ? parentInput.value : "";
  }

  function saveDraft() {
    drafts.save(currentParent(), body.value);
  }

  /* Moving the form under a comment and back. */

  function setReplyingTo(li, name) {
    var note = respond.querySelector(".replying-to");
    if (!li) {
      if (note) {
        note.remove();
      }
      return;
    }
    if (!note) {
      note = document.createElement("p");
      note.className = "replying-to";
      if (title && title.nextSibling) {
        respond.insertBefore(note, title.nextSibling);
      } else {
        respond.insertBefore(note, form);
      }
    }
    note.textContent = "Replying to ";
    var link = document.createElement("a");
    link.className = "parent-link-plain";
    link.href = "#" + li.id;
    link.textContent = name + "’s comment";
    note.appendChild(link);
    note.appendChild(document.createTextNode(". "));
    var cancel = document.createElement("button");
    cancel.type = "button";
    cancel.className = "link-button cancel-reply";
    cancel.textContent = "Cancel reply";
    note.appendChild(cancel);
  }

  function nameOf(li) {
    var link = li.querySelector(":scope > .comment-card .reply-link");
    if (link && link.dataset.replyName) {
      return link.dataset.replyName;
    }
    var name = li.querySelector(":scope > .comment-card .comment-name");
    return name ? name.textContent : "this comment";
  }

  function openReply(li, options) {
    options = options || {};
    saveDraft();
    if (!options.keepErrors) {
      errors.clear();
    }
    var name = nameOf(li);
    var card = cardOf(li);
    card.after(respond);
    respond.classList.add("is-inline");
    parentInput.value = li.id.replace("comment-", "");
    if (title) {
      title.textContent = "Reply to " + name;
    }
    if (submitButton) {
      submitButton.textContent = "Post reply";
    }
    setReplyingTo(li, name);
    body.value = options.text !== undefined ? options.text : drafts.read(parentInput.value);
    if (options.focus !== false) {
      body.focus();
    }
  }

  function closeReply(options) {
    options = options || {};
    var from = commentOf(respond);
    saveDraft();
    errors.clear();
    home.after(respond);
    respond.classList.remove("is-inline");
    parentInput.value = "";
    if (title) {
      title.textContent = "Leave a comment";
    }
    if (submitButton) {
      submitButton.textContent = "Post comment";
    }
    setReplyingTo(null);
    body.value = drafts.read("");
    if (options.focusBack && from) {
      var link = from.querySelector(":scope > .comment-card .reply-link");
      if (link) {
        link.focus();
      }
    }
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a.reply-link[data-reply-to]");
    if (link && !event.ctrlKey && !event.metaKey && !event.shiftKey && event.button === 0) {
      var li = commentOf(link);
      if (li) {
        event.preventDefault();
        if (commentOf(respond) === li) {
          body.focus();
        } else {
          openReply(li);
        }
      }
      return;
    }
    if (event.target.closest && event.target.closest(".cancel-reply")) {
      event.preventDefault();
      closeReply({ focusBack: true });
    }
  });

  respond.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && respond.classList.contains("is-inline")) {
      closeReply({ focusBack: true });
    }
  });

  body.addEventListener("input", saveDraft);

  /* Posting without leaving the page. */

  function counted(li) {
    return !li.classList.contains("is-pending");
  }

  function buildReplies(parentLi) {
    var details = document.createElement("details");
    details.className = "replies";
    details.open = true;
    var summary = document.createElement("summary");
    var hide = document.createElement("span");
    hide.className = "collapse-label";
    hide.textContent = "Hide";
    var show = document.createElement("span");
    show.className = "expand-label";
    show.textContent = "Show";
    var count = document.createElement("span");
    count.className = "reply-count";
    count.dataset.count = "0";
    summary.append(hide, show, " ", count);
    var list = document.createElement("ol");
    list.className = "children";
    details.append(summary, list);
    var after = parentLi.querySelector(":scope > .continue-thread");
    if (after) {
      parentLi.insertBefore(details, after);
    } else {
      parentLi.appendChild(details);
    }
    commons.syncSummary(details);
    return details;
  }

  function insertComment(data) {
    var template = document.createElement("template");
    template.innerHTML = data.html.trim();
    var li = template.content.firstElementChild;
    var parentLi = data.parent_id ? document.getElementById("comment-" + data.parent_id) : null;
    if (parentLi) {
      var details = parentLi.querySelector(":scope > details.replies") || buildReplies(parentLi);
      details.open = true;
      details.querySelector(":scope > ol.children").appendChild(li);
    } else {
      var list = discussion.querySelector("ol.comment-list");
      if (list.dataset.sort === "newest") {
        list.insertBefore(li, list.firstElementChild);
      } else {
        list.appendChild(li);
      }
    }
    for (var node = li.parentElement; node && node !== discussion; node = node.parentElement) {
      if (node.matches("details.replies")) {
        var label = node.querySelector(":scope > summary .reply-count");
        commons.setReplyCount(node, (label ? Number(label.dataset.count) || 0 : 0) + 1);
        commons.syncSummary(node);
      }
    }
    if (counted(li)) {
      document.querySelectorAll("[data-comment-count]").forEach(function (element) {
        var count = (Number(element.dataset.commentCount) || 0) + 1;
        element.dataset.commentCount = String(count);
        element.textContent = count + (count === 1 ? " comment" : " comments");
      });
    }
    return li;
  }

  function setBusy(state) {
    busy = state;
    form.setAttribute("aria-busy", state ? "true" : "false");
    if (submitButton) {
      submitButton.disabled = state;
    }
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (busy) {
      return;
    }
    saveDraft();
    errors.clear();
    var parent = currentParent();
    setBusy(true);
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { Accept: "application/json", "X-Requested-With": "XMLHttpRequest" },
    })
      .then(function (response) {
        var type = response.headers.get("Content-Type") || "";
        if (type.indexOf("application/json") === -1) {
          var problem = new Error("not json");
          problem.response = response;
          throw problem;
        }
        return response.json().then(function (data) {
          return { ok: response.ok, data: data };
        });
      })
      .then(function (result) {
        setBusy(false);
        if (!result.ok) {
          var renewed = result.data.renewed || {};
          Object.keys(renewed).forEach(function (name) {
            if (form.elements[name] && form.elements[name].type === "hidden") {
              form.elements[name].value = renewed[name];
            }
          });
          errors.show(result.data.errors || { __all__: ["Your comment could not be posted."] });
          announce("Your comment was not posted: see the messages next to the form.");
          return;
        }
        drafts.drop(parent);
        body.value = "";
        var li = insertComment(result.data);
        closeReply();
        highlight(li);
        var card = cardOf(li);
        card.setAttribute("tabindex", "-1");
        card.focus({ preventScroll: true });
        li.scrollIntoView({ block: "nearest" });
        announce(
          li.classList.contains("is-pending")
            ? "Your comment was posted and awaits moderation."
            : "Your comment was posted."
        );
      })
      .catch(function (error) {
        setBusy(false);
        var message;
        if (error.response && error.response.redirected) {
          message = "You are signed out. Sign in again in another tab, then post: your text is kept here.";
        } else if (error.response) {
          message =
            "The site could not take your comment just now (error " +
            error.response.status +
            "). Your text is kept here; try again in a moment.";
        } else {
          message =
            "Your comment could not be sent: the connection failed. Your text is kept here; try again when you are back online.";
        }
        errors.general([message]);
        announce(message);
        body.focus();
      });
  });

  /* On load: put back what was typed and not posted. */

  (function restore() {
    if (body.value.trim()) {
      saveDraft(); // the server kept the text after a failed post: keep it here too
      var answered = currentParent() && document.getElementById("comment-" + currentParent());
      if (answered) {
        openReply(answered, { text: body.value, focus: false, keepErrors: true });
      }
      return;
    }
    var asked = currentParent(); // ?replyto= (e.g. back from signing in)
    if (asked) {
      var li = document.getElementById("comment-" + asked);
      if (li) {
        openReply(li, { focus: false });
        if (window.location.hash === "#respond") {
          // After the browser's own jump to #respond, which takes the focus away from fields.
          commons.whenLoaded(function () {
            respond.scrollIntoView({ block: "center" });
            body.focus({ preventScroll: true });
          });
        }
      }
      return;
    }
    var draft = drafts.latest();
    if (!draft) {
      return;
    }
    var target = draft.parent ? document.getElementById("comment-" + draft.parent) : null;
    if (draft.parent && !target) {
      return; // that comment is on another page: its draft waits there
    }
    if (target) {
      openReply(target, { text: draft.text, focus: false });
    } else {
      body.value = draft.text;
    }
    var note = document.createElement("p");
    note.className = "draft-note";
    note.textContent = "Your unsent text was restored.";
    form.insertBefore(note, form.firstElementChild);
  })();
})();
